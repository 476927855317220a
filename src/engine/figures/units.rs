//! Units of measure: what each is called, its dimension, and how it converts
//! to the dimension's base unit, so that `6 miles` and `9.7 km`, or `30C` and
//! `86F`, compare as the same measure.

use serde::{Deserialize, Serialize};

use super::Dimension;

/// Metric, imperial (and US customary), or neither (time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum System {
    Metric,
    Imperial,
    Neutral,
}

macro_rules! units {
    ($($name:ident: $symbol:literal, $word:literal, $dim:ident, $factor:expr, $system:ident;)*) => {
        /// A unit a measure can be written in.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum MeasureUnit {
            $($name,)*
        }

        impl MeasureUnit {
            /// How a reporter abbreviates it: "km", "mi", "°F".
            pub fn symbol(self) -> &'static str {
                match self {
                    $(MeasureUnit::$name => $symbol,)*
                }
            }

            /// Its name in the plural, as prose writes it: "kilometres", "°F".
            pub fn name(self) -> &'static str {
                match self {
                    $(MeasureUnit::$name => $word,)*
                }
            }

            pub fn dimension(self) -> Dimension {
                match self {
                    $(MeasureUnit::$name => Dimension::$dim,)*
                }
            }

            /// Base units in one of this unit (a mile is 1609.344 metres).
            pub fn factor(self) -> f64 {
                match self {
                    $(MeasureUnit::$name => $factor,)*
                }
            }

            pub fn system(self) -> System {
                match self {
                    $(MeasureUnit::$name => System::$system,)*
                }
            }
        }
    };
}

const DAY: f64 = 1.0;
const YEAR: f64 = 365.25;

units! {
    Second: "s", "seconds", Duration, DAY / 86_400.0, Neutral;
    Minute: "min", "minutes", Duration, DAY / 1_440.0, Neutral;
    Hour: "h", "hours", Duration, DAY / 24.0, Neutral;
    Day: "days", "days", Duration, DAY, Neutral;
    Week: "weeks", "weeks", Duration, 7.0 * DAY, Neutral;
    Fortnight: "fortnights", "fortnights", Duration, 14.0 * DAY, Neutral;
    Month: "months", "months", Duration, YEAR / 12.0, Neutral;
    Year: "years", "years", Duration, YEAR, Neutral;
    Decade: "decades", "decades", Duration, 10.0 * YEAR, Neutral;
    Century: "centuries", "centuries", Duration, 100.0 * YEAR, Neutral;

    Millimetre: "mm", "millimetres", Distance, 0.001, Metric;
    Centimetre: "cm", "centimetres", Distance, 0.01, Metric;
    Metre: "m", "metres", Distance, 1.0, Metric;
    Kilometre: "km", "kilometres", Distance, 1000.0, Metric;
    Inch: "in", "inches", Distance, 0.0254, Imperial;
    Foot: "ft", "feet", Distance, 0.3048, Imperial;
    Yard: "yd", "yards", Distance, 0.9144, Imperial;
    Mile: "mi", "miles", Distance, 1609.344, Imperial;
    NauticalMile: "nmi", "nautical miles", Distance, 1852.0, Imperial;

    Milligram: "mg", "milligrams", Mass, 1e-6, Metric;
    Gram: "g", "grams", Mass, 0.001, Metric;
    Kilogram: "kg", "kilograms", Mass, 1.0, Metric;
    Tonne: "t", "tonnes", Mass, 1000.0, Metric;
    Ounce: "oz", "ounces", Mass, 0.028_349_523_125, Imperial;
    Pound: "lb", "lbs", Mass, 0.453_592_37, Imperial;
    Stone: "st", "stone", Mass, 6.350_293_18, Imperial;

    Millilitre: "ml", "millilitres", Volume, 0.001, Metric;
    Centilitre: "cl", "centilitres", Volume, 0.01, Metric;
    Decilitre: "dl", "decilitres", Volume, 0.1, Metric;
    Litre: "l", "litres", Volume, 1.0, Metric;
    CubicMetre: "m3", "cubic metres", Volume, 1000.0, Metric;
    Teaspoon: "tsp", "teaspoons", Volume, 0.004_928_92, Imperial;
    Tablespoon: "tbsp", "tablespoons", Volume, 0.014_786_8, Imperial;
    FluidOunce: "fl oz", "fluid ounces", Volume, 0.029_573_5, Imperial;
    Cup: "cups", "cups", Volume, 0.236_588, Imperial;
    Pint: "pints", "pints", Volume, 0.473_176, Imperial;
    Quart: "qt", "quarts", Volume, 0.946_353, Imperial;
    Gallon: "gal", "gallons", Volume, 3.785_41, Imperial;
    CubicFoot: "cu ft", "cubic feet", Volume, 28.316_8, Imperial;
    Barrel: "bbl", "barrels", Volume, 158.987, Imperial;

    SquareMetre: "m2", "square metres", Area, 1.0, Metric;
    Hectare: "ha", "hectares", Area, 10_000.0, Metric;
    SquareKilometre: "km2", "square kilometres", Area, 1_000_000.0, Metric;
    SquareFoot: "sq ft", "square feet", Area, 0.092_903_04, Imperial;
    SquareYard: "sq yd", "square yards", Area, 0.836_127_36, Imperial;
    Acre: "acres", "acres", Area, 4_046.856_422_4, Imperial;
    SquareMile: "sq mi", "square miles", Area, 2_589_988.110_336, Imperial;

    Celsius: "°C", "degrees Celsius", Temperature, 1.0, Metric;
    Fahrenheit: "°F", "degrees Fahrenheit", Temperature, 5.0 / 9.0, Imperial;

    KilometrePerHour: "km/h", "km/h", Speed, 1.0, Metric;
    MetrePerSecond: "m/s", "metres per second", Speed, 3.6, Metric;
    MilePerHour: "mph", "miles per hour", Speed, 1.609_344, Imperial;
    Knot: "knots", "knots", Speed, 1.852, Imperial;

    Watt: "W", "watts", Power, 1.0, Metric;
    Kilowatt: "kW", "kilowatts", Power, 1e3, Metric;
    Megawatt: "MW", "megawatts", Power, 1e6, Metric;
    Gigawatt: "GW", "gigawatts", Power, 1e9, Metric;
    Horsepower: "hp", "horsepower", Power, 745.699_872, Imperial;

    WattHour: "Wh", "watt hours", Energy, 1.0, Metric;
    KilowattHour: "kWh", "kilowatt hours", Energy, 1e3, Metric;
    MegawattHour: "MWh", "megawatt hours", Energy, 1e6, Metric;
    GigawattHour: "GWh", "gigawatt hours", Energy, 1e9, Metric;
    TerawattHour: "TWh", "terawatt hours", Energy, 1e12, Metric;
}

impl MeasureUnit {
    /// The value in base units of `x` of this unit.
    pub fn to_base(self, x: f64) -> f64 {
        x * self.factor() + self.offset()
    }

    /// The value in this unit of `base` base units.
    pub fn from_base(self, base: f64) -> f64 {
        (base - self.offset()) / self.factor()
    }

    /// Base units at zero of this unit: only temperatures have any.
    pub fn offset(self) -> f64 {
        match self {
            MeasureUnit::Fahrenheit => -32.0 * 5.0 / 9.0,
            _ => 0.0,
        }
    }
}

/// A unit written as one word (lowercased) after a number, with a space or
/// a hyphen: "miles", "km", "kilograms", "mph". Abbreviations a sentence
/// uses as words too ("in", "m", "g", "l") are in [`attached`] instead.
pub fn word(w: &str) -> Option<MeasureUnit> {
    use MeasureUnit::*;
    Some(match w {
        "second" | "seconds" | "sec" | "secs" => Second,
        "minute" | "minutes" | "min" | "mins" => Minute,
        "hour" | "hours" | "hr" | "hrs" => Hour,
        "day" | "days" => Day,
        "week" | "weeks" => Week,
        "fortnight" | "fortnights" => Fortnight,
        "month" | "months" => Month,
        "year" | "years" | "yr" | "yrs" => Year,
        "decade" | "decades" => Decade,
        "century" | "centuries" => Century,

        "mm" | "millimetre" | "millimetres" | "millimeter" | "millimeters" => Millimetre,
        "cm" | "centimetre" | "centimetres" | "centimeter" | "centimeters" => Centimetre,
        "metre" | "metres" | "meter" | "meters" => Metre,
        "km" | "kms" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => Kilometre,
        "inch" | "inches" => Inch,
        "ft" | "foot" | "feet" => Foot,
        "yd" | "yds" | "yard" | "yards" => Yard,
        "mi" | "mile" | "miles" => Mile,

        "mg" | "milligram" | "milligrams" | "milligramme" | "milligrammes" => Milligram,
        "gram" | "grams" | "gramme" | "grammes" => Gram,
        "kg" | "kgs" | "kilo" | "kilos" | "kilogram" | "kilograms" | "kilogramme"
        | "kilogrammes" => Kilogram,
        "tonne" | "tonnes" | "ton" | "tons" => Tonne,
        "oz" | "ounce" | "ounces" => Ounce,
        "lb" | "lbs" => Pound,
        "stone" => Stone,

        "ml" | "millilitre" | "millilitres" | "milliliter" | "milliliters" => Millilitre,
        "cl" | "centilitre" | "centilitres" => Centilitre,
        "decilitre" | "decilitres" => Decilitre,
        "litre" | "litres" | "liter" | "liters" => Litre,
        "m3" | "m³" => CubicMetre,
        "tsp" | "teaspoon" | "teaspoons" => Teaspoon,
        "tbsp" | "tablespoon" | "tablespoons" => Tablespoon,
        "cup" | "cups" => Cup,
        "pint" | "pints" => Pint,
        "qt" | "quart" | "quarts" => Quart,
        "gal" | "gallon" | "gallons" => Gallon,
        "bbl" | "bbls" | "barrel" | "barrels" | "bpd" => Barrel,

        "m2" | "m²" | "sqm" => SquareMetre,
        "ha" | "hectare" | "hectares" => Hectare,
        "km2" | "km²" | "sqkm" => SquareKilometre,
        "acre" | "acres" => Acre,

        "celsius" | "centigrade" => Celsius,
        "fahrenheit" => Fahrenheit,

        "kph" | "kmh" | "kmph" => KilometrePerHour,
        "mph" => MilePerHour,
        "knot" | "knots" | "kt" | "kts" => Knot,

        "watt" | "watts" => Watt,
        "kw" | "kilowatt" | "kilowatts" => Kilowatt,
        "mw" | "megawatt" | "megawatts" => Megawatt,
        "gw" | "gigawatt" | "gigawatts" => Gigawatt,
        "hp" | "horsepower" => Horsepower,
        "kwh" => KilowattHour,
        "mwh" => MegawattHour,
        "gwh" => GigawattHour,
        "twh" => TerawattHour,
        _ => return None,
    })
}

/// Abbreviations read as units only when written onto the number, as they
/// are also words ("in", "m"): "65in", "5g", "2L", "30C", "24h". `text` is
/// as written, since case tells "30C" (Celsius) from "30c".
pub fn attached(text: &str) -> Option<MeasureUnit> {
    use MeasureUnit::*;
    Some(match text {
        "in" => Inch,
        "g" => Gram,
        "l" | "L" => Litre,
        "dl" => Decilitre,
        "C" => Celsius,
        "F" => Fahrenheit,
        "h" => Hour,
        "t" => Tonne,
        "W" => Watt,
        "Wh" => WattHour,
        _ => return None,
    })
}

/// The second word of a two-word unit: "square miles", "sq km", "cubic
/// metres", "nautical miles", "fluid ounces", "metric tons", "kilowatt hours".
pub fn two_words(first: &str, second: &str) -> Option<MeasureUnit> {
    use MeasureUnit::*;
    let square = matches!(first, "square" | "sq");
    let cubic = matches!(first, "cubic" | "cu");
    Some(match word(second) {
        Some(Metre) if square => SquareMetre,
        Some(Kilometre) if square => SquareKilometre,
        Some(Foot) if square => SquareFoot,
        Some(Yard) if square => SquareYard,
        Some(Mile) if square => SquareMile,
        Some(Metre) if cubic => CubicMetre,
        Some(Foot) if cubic => CubicFoot,
        Some(Mile) if first == "nautical" => NauticalMile,
        Some(Ounce) if matches!(first, "fluid" | "fl") => FluidOunce,
        Some(Tonne) if matches!(first, "metric" | "short" | "long") => Tonne,
        _ => match (first, second) {
            ("sq", "m") => SquareMetre,
            ("watt" | "watts", "hour" | "hours") => WattHour,
            ("kilowatt" | "kilowatts", "hour" | "hours") => KilowattHour,
            ("megawatt" | "megawatts", "hour" | "hours") => MegawattHour,
            ("gigawatt" | "gigawatts", "hour" | "hours") => GigawattHour,
            ("terawatt" | "terawatts", "hour" | "hours") => TerawattHour,
            _ => return None,
        },
    })
}

/// A distance unit over a time unit: "km/h", "miles per hour", "metres a second".
pub fn speed(distance: MeasureUnit, time: MeasureUnit) -> Option<MeasureUnit> {
    use MeasureUnit::*;
    Some(match (distance, time) {
        (Kilometre, Hour) => KilometrePerHour,
        (Mile, Hour) => MilePerHour,
        (Metre, Second) => MetrePerSecond,
        (NauticalMile, Hour) => Knot,
        _ => return None,
    })
}

/// The unit a measure is best restated in for a reader of the other system:
/// miles for kilometres, kilograms for pounds.
pub fn counterpart(unit: MeasureUnit, base: f64) -> MeasureUnit {
    use MeasureUnit::*;
    let small = |limit: f64| base.abs() < limit;
    match unit.dimension() {
        Dimension::Distance => match unit.system() {
            System::Metric if small(1.0) => Inch,
            System::Metric if small(1000.0) => Foot,
            System::Metric => Mile,
            _ if small(1.0) => Centimetre,
            _ if small(1000.0) => Metre,
            _ => Kilometre,
        },
        Dimension::Mass => match unit.system() {
            System::Metric if small(0.5) => Ounce,
            System::Metric if small(5000.0) => Pound,
            System::Metric => Tonne,
            _ if small(1.0) => Gram,
            _ => Kilogram,
        },
        Dimension::Volume => match unit.system() {
            System::Metric if small(1.0) => FluidOunce,
            System::Metric if small(1000.0) => Gallon,
            System::Metric => Barrel,
            _ if small(1.0) => Millilitre,
            _ => Litre,
        },
        Dimension::Area => match unit.system() {
            System::Metric if small(10_000.0) => SquareFoot,
            System::Metric if small(2_000_000.0) => Acre,
            System::Metric => SquareMile,
            _ if small(10_000.0) => SquareMetre,
            _ if small(1_000_000.0) => Hectare,
            _ => SquareKilometre,
        },
        Dimension::Temperature => match unit {
            Celsius => Fahrenheit,
            _ => Celsius,
        },
        Dimension::Speed => match unit.system() {
            System::Metric => MilePerHour,
            _ => KilometrePerHour,
        },
        Dimension::Power => match unit {
            Horsepower => Kilowatt,
            _ => Horsepower,
        },
        Dimension::Energy => match unit {
            KilowattHour => MegawattHour,
            _ => KilowattHour,
        },
        Dimension::Duration => match unit {
            Hour | Minute | Second => Minute,
            Day | Week | Fortnight => Hour,
            _ => Month,
        },
    }
}
