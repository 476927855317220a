//! Timing a whole process, as a user meets it: from spawning it to its
//! exit, with its own peak resident memory (from the kernel's accounting).

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// What one process took.
#[derive(Debug, Clone, Copy, Default)]
pub struct Run {
    pub seconds: f64,
    pub peak_rss_kb: u64,
}

/// Runs `command` to its end, its output read and dropped (not sent to
/// /dev/null: some tools stop early when they see it there). Exit codes in
/// `ok` are success; anything else is an error with the process's stderr.
pub fn time(command: &mut Command, ok: &[i32]) -> Result<Run> {
    let name = command.get_program().to_string_lossy().into_owned();
    let start = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run {name}"))?;
    let mut stdout = child.stdout.take().context("no stdout")?;
    let mut stderr = child.stderr.take().context("no stderr")?;
    let drain = std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        while matches!(stdout.read(&mut buf), Ok(n) if n > 0) {}
    });
    let errors = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let (code, peak_rss_kb) = wait(child.id())?;
    let seconds = start.elapsed().as_secs_f64();
    let _ = drain.join();
    let stderr = errors.join().unwrap_or_default();
    // `child` was reaped by wait4 above: dropping it does not wait again.
    drop(child);
    if !ok.contains(&code) {
        bail!(
            "{name} exited with {code}: {}",
            stderr.lines().last().unwrap_or("")
        );
    }
    Ok(Run {
        seconds,
        peak_rss_kb,
    })
}

/// Waits for a child and returns its exit code and peak RSS (KiB).
#[cfg(unix)]
fn wait(pid: u32) -> Result<(i32, u64)> {
    let mut status = 0;
    // SAFETY: rusage is plain data, filled in by the kernel; pid is our
    // child's, not yet waited for.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    if r < 0 {
        bail!("wait4: {}", std::io::Error::last_os_error());
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    Ok((code, usage.ru_maxrss.max(0) as u64))
}

#[cfg(not(unix))]
fn wait(_pid: u32) -> Result<(i32, u64)> {
    bail!("timing a process needs a Unix system")
}
