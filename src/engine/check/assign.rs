//! The best one-to-one assignment of a sentence's figures to another's: the
//! pairing that maximises the summed scores (Kuhn–Munkres, the Hungarian
//! method with potentials, O(n²m) for n ≤ m). A greedy pick of the surest
//! pair first can take a figure's only good partner for a neighbour that had
//! others ("7 cases in Ohio and at least 12 in Texas" against "at least 12
//! cases in Texas and 9 in Ohio").

/// `score[i][j]`: how well row `i` goes with column `j`, `None` when the two
/// may not be paired. Returns the column of each row, `None` for a row left
/// unpaired. A pairing never pays for itself with a forbidden one: an unpaired
/// row scores 0, as a forbidden pair does.
pub fn best_assignment(score: &[Vec<Option<f64>>]) -> Vec<Option<usize>> {
    let rows = score.len();
    let cols = score.first().map_or(0, Vec::len);
    if rows == 0 || cols == 0 {
        return vec![None; rows];
    }
    // The method wants no more rows than columns: transpose when needed.
    if rows > cols {
        let t: Vec<Vec<Option<f64>>> = (0..cols)
            .map(|j| (0..rows).map(|i| score[i][j]).collect())
            .collect();
        let mut out = vec![None; rows];
        for (j, i) in best_assignment(&t).into_iter().enumerate() {
            if let Some(i) = i {
                out[i] = Some(j);
            }
        }
        return out;
    }
    // Minimise cost = -score; a forbidden pair costs what leaving the row
    // unpaired does (0), and is dropped at the end.
    let cost = |i: usize, j: usize| -score[i][j].unwrap_or(0.0).max(0.0);
    let (n, m) = (rows, cols);
    let inf = f64::INFINITY;
    // 1-based, as in the classic formulation; p[j] is the row of column j.
    let mut u = vec![0.0; n + 1];
    let mut v = vec![0.0; m + 1];
    let mut p = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=m {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut out = vec![None; n];
    for j in 1..=m {
        if p[j] != 0 && score[p[j] - 1][j - 1].is_some() {
            out[p[j] - 1] = Some(j - 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(score: &[Vec<Option<f64>>], a: &[Option<usize>]) -> f64 {
        a.iter()
            .enumerate()
            .filter_map(|(i, j)| j.and_then(|j| score[i][j]))
            .sum()
    }

    /// Every assignment, for comparing on small matrices.
    fn brute(score: &[Vec<Option<f64>>]) -> f64 {
        fn go(i: usize, score: &[Vec<Option<f64>>], used: &mut Vec<bool>) -> f64 {
            if i == score.len() {
                return 0.0;
            }
            let mut best = go(i + 1, score, used);
            for j in 0..used.len() {
                if let (false, Some(s)) = (used[j], score[i][j]) {
                    used[j] = true;
                    best = best.max(s + go(i + 1, score, used));
                    used[j] = false;
                }
            }
            best
        }
        let cols = score.first().map_or(0, Vec::len);
        go(0, score, &mut vec![false; cols])
    }

    #[test]
    fn beats_the_greedy_pick() {
        // Greedy takes (0, 0) at 0.6 and leaves row 1 with 0.1.
        let s = vec![vec![Some(0.6), Some(0.5)], vec![Some(0.55), Some(0.1)]];
        assert_eq!(best_assignment(&s), vec![Some(1), Some(0)]);
    }

    #[test]
    fn forbidden_pairs_are_never_made() {
        let s = vec![vec![None, Some(0.2)], vec![None, Some(0.9)]];
        assert_eq!(best_assignment(&s), vec![None, Some(1)]);
    }

    #[test]
    fn equals_exhaustive_search_on_small_matrices() {
        // A fixed pseudo-random sequence: no dependency for a test.
        let mut seed = 12345u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as f64 / (1u64 << 31) as f64
        };
        for rows in 1..5 {
            for cols in 1..5 {
                for _ in 0..50 {
                    let s: Vec<Vec<Option<f64>>> = (0..rows)
                        .map(|_| {
                            (0..cols)
                                .map(|_| {
                                    let x = next();
                                    (x > 0.25).then_some(x)
                                })
                                .collect()
                        })
                        .collect();
                    let a = best_assignment(&s);
                    let mut seen = std::collections::HashSet::new();
                    assert!(a.iter().flatten().all(|j| seen.insert(*j)), "one to one");
                    assert!((total(&s, &a) - brute(&s)).abs() < 1e-9, "{s:?} {a:?}");
                }
            }
        }
    }
}
