//! The growth rate of a solution, fitted to its fuel on a scaling series.
//!
//! Fuel is counted exactly, so a handful of inputs of growing size `n` is
//! enough to fit a curve that timings (noisy by tens of percent) could not.
//! The series' smallest input is the baseline: its fuel (starting the
//! program, an interpreter's start-up, reading a tiny input) is taken off
//! the others, so that what is fitted is the work that grows with `n`.
//!
//! Two answers come out: the exponent `k` of `fuel ≈ c·n^k` (least squares
//! on `ln fuel` against `ln n`, with a 95 % confidence interval and R²),
//! and the closest of the usual complexity classes (1, log n, n, n log n,
//! n², n³, 2ⁿ), each fitted with its constant alone, by R² in the same log
//! space.

use serde::{Deserialize, Serialize};

/// One measured point: the size and the fuel the run used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Point {
    /// The size parameter of the input.
    pub n: u64,
    /// Fuel used on it.
    pub fuel: u64,
}

/// A complexity class the fit can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// O(1).
    Constant,
    /// O(log n).
    Logarithmic,
    /// O(n).
    Linear,
    /// O(n log n).
    Linearithmic,
    /// O(n²).
    Quadratic,
    /// O(n³).
    Cubic,
    /// O(2ⁿ).
    Exponential,
}

impl Class {
    const ALL: [Self; 7] = [
        Self::Constant,
        Self::Logarithmic,
        Self::Linear,
        Self::Linearithmic,
        Self::Quadratic,
        Self::Cubic,
        Self::Exponential,
    ];

    /// `ln f(n)` for the class's `f`.
    fn ln_f(self, n: f64) -> f64 {
        match self {
            Self::Constant => 0.0,
            Self::Logarithmic => n.ln().max(f64::MIN_POSITIVE).ln(),
            Self::Linear => n.ln(),
            Self::Linearithmic => n.ln() + n.ln().max(f64::MIN_POSITIVE).ln(),
            Self::Quadratic => 2.0 * n.ln(),
            Self::Cubic => 3.0 * n.ln(),
            Self::Exponential => n * std::f64::consts::LN_2,
        }
    }

    /// The class in big-O notation.
    pub fn notation(self) -> &'static str {
        match self {
            Self::Constant => "O(1)",
            Self::Logarithmic => "O(log n)",
            Self::Linear => "O(n)",
            Self::Linearithmic => "O(n log n)",
            Self::Quadratic => "O(n²)",
            Self::Cubic => "O(n³)",
            Self::Exponential => "O(2ⁿ)",
        }
    }
}

/// What the fit found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Fit {
    /// The exponent `k` of `fuel ≈ c·n^k` (fuel above the baseline).
    pub exponent: f64,
    /// The constant `c` (four significant digits).
    pub coefficient: f64,
    /// Its 95 % confidence interval.
    pub exponent_low: f64,
    /// Its 95 % confidence interval's upper end.
    pub exponent_high: f64,
    /// R² of the power law in log-log space.
    pub r_squared: f64,
    /// The closest complexity class.
    pub class: Class,
    /// R² of that class (its constant fitted alone) in the same space.
    pub class_r_squared: f64,
    /// The fuel of the baseline (the smallest input), taken off the others.
    pub baseline_fuel: u64,
}

impl Fit {
    /// The verdict in words: "≈ O(n²), fits 0.998 (exponent 1.98 ± 0.03)".
    pub fn words(&self) -> String {
        format!(
            "≈ {}, fits {:.3} (exponent {:.2}, 95 % interval {:.2} to {:.2})",
            self.class.notation(),
            self.class_r_squared,
            self.exponent,
            self.exponent_low,
            self.exponent_high
        )
    }
}

/// Fewest points a fit needs: the baseline and three sizes.
pub(crate) const MIN_POINTS: usize = 4;

/// Fits `points` (any order): `None` when fewer than [`MIN_POINTS`] have
/// distinct sizes, or too few grow past the baseline to fit.
pub(crate) fn fit(points: &[Point]) -> Option<Fit> {
    let mut points = points.to_vec();
    points.sort_by_key(|p| p.n);
    points.dedup_by_key(|p| p.n);
    if points.len() < MIN_POINTS {
        return None;
    }
    let baseline = points[0].fuel;
    // The work that grows: what each size needs beyond the baseline.
    let grown: Vec<(f64, f64)> = points[1..]
        .iter()
        .filter(|p| p.fuel > baseline && p.n > 1)
        .map(|p| (p.n as f64, (p.fuel - baseline) as f64))
        .collect();
    if grown.len() < MIN_POINTS - 1 {
        return None;
    }
    let xs: Vec<f64> = grown.iter().map(|(n, _)| n.ln()).collect();
    let ys: Vec<f64> = grown.iter().map(|(_, fuel)| fuel.ln()).collect();
    let m = xs.len() as f64;
    let (mean_x, mean_y) = (mean(&xs), mean(&ys));
    let sxx: f64 = xs.iter().map(|x| (x - mean_x).powi(2)).sum();
    let sxy: f64 = xs
        .iter()
        .zip(&ys)
        .map(|(x, y)| (x - mean_x) * (y - mean_y))
        .sum();
    let sst: f64 = ys.iter().map(|y| (y - mean_y).powi(2)).sum();
    let slope = sxy / sxx;
    let intercept = mean_y - slope * mean_x;
    let sse: f64 = xs
        .iter()
        .zip(&ys)
        .map(|(x, y)| (y - intercept - slope * x).powi(2))
        .sum();
    let power_r_squared = r_squared(sse, sst);
    let standard_error = (sse / (m - 2.0) / sxx).sqrt();
    let half = t_975(grown.len() - 2) * standard_error;
    let (class, class_r_squared) = Class::ALL
        .iter()
        .map(|&class| {
            // ln fuel = ln c + ln f(n): the constant is the mean residual.
            let residuals: Vec<f64> = grown
                .iter()
                .zip(&ys)
                .map(|((n, _), y)| y - class.ln_f(*n))
                .collect();
            let c = mean(&residuals);
            let sse: f64 = residuals.iter().map(|r| (r - c).powi(2)).sum();
            (class, r_squared(sse, sst))
        })
        .fold((Class::Constant, f64::NEG_INFINITY), |best, candidate| {
            if candidate.1 > best.1 {
                candidate
            } else {
                best
            }
        });
    Some(Fit {
        exponent: round(slope),
        coefficient: significant(intercept.exp()),
        exponent_low: round(slope - half),
        exponent_high: round(slope + half),
        r_squared: round(power_r_squared),
        class,
        class_r_squared: round(class_r_squared),
        baseline_fuel: baseline,
    })
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// R² from the residual and total sums of squares; a flat series (no
/// variance to explain) fits perfectly when nothing is left over.
fn r_squared(sse: f64, sst: f64) -> f64 {
    if sst <= f64::EPSILON {
        if sse <= f64::EPSILON { 1.0 } else { 0.0 }
    } else {
        1.0 - sse / sst
    }
}

/// Four decimals: the report is byte-identical on every run, and a fit is
/// not more precise than that.
fn round(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

/// Four significant digits, for a constant of any magnitude.
fn significant(value: f64) -> f64 {
    format!("{value:.3e}").parse().unwrap_or(value)
}

/// Student's t, 97.5th percentile, for `df` degrees of freedom.
fn t_975(df: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::INFINITY,
        1..=30 => TABLE[df - 1],
        _ => 1.96,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A series of `f(n)` plus a start-up cost, at the given sizes.
    fn series(sizes: &[u64], startup: u64, f: impl Fn(f64) -> f64) -> Vec<Point> {
        sizes
            .iter()
            .map(|&n| Point {
                n,
                fuel: startup + f(n as f64).round() as u64,
            })
            .collect()
    }

    const SIZES: [u64; 7] = [1, 500, 1000, 2000, 4000, 8000, 16000];

    #[test]
    fn each_class_is_recognised_under_a_large_start_up_cost() {
        let startup = 108_000_000;
        let classes = [
            Class::Linear,
            Class::Linearithmic,
            Class::Quadratic,
            Class::Cubic,
        ];
        for class in classes {
            let work = |n: f64| match class {
                Class::Linear => 3000.0 * n,
                Class::Linearithmic => 300.0 * n * n.ln(),
                Class::Quadratic => 20.0 * n * n,
                _ => n * n * n / 10.0,
            };
            let fit = fit(&series(&SIZES, startup, work)).unwrap();
            assert_eq!(fit.class, class, "{fit:?}");
            assert!(fit.class_r_squared > 0.99, "{fit:?}");
        }
        let exponential = series(&[1, 10, 12, 14, 16, 18, 20], startup, |n| 50.0 * n.exp2());
        assert_eq!(fit(&exponential).unwrap().class, Class::Exponential);
    }

    #[test]
    fn the_exponent_and_its_interval_bracket_the_truth() {
        let fit = fit(&series(&SIZES, 1000, |n| 7.0 * n.powf(1.5))).unwrap();
        assert!((fit.exponent - 1.5).abs() < 0.01, "{fit:?}");
        assert!(
            fit.exponent_low <= 1.5 && 1.5 <= fit.exponent_high,
            "{fit:?}"
        );
        assert!(fit.r_squared > 0.9999, "{fit:?}");
        assert_eq!(fit.baseline_fuel, 1007);
    }

    #[test]
    fn too_few_sizes_give_no_fit() {
        assert!(fit(&series(&[1, 10, 100], 0, |n| n)).is_none());
        let flat = series(&SIZES, 500, |_| 0.0);
        assert!(fit(&flat).is_none(), "nothing grows past the baseline");
    }
}
