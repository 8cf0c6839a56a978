//! Time is passed in, never read deep inside logic, so that tests and
//! benchmarks control it.

use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicI64, Ordering};

/// A source of the current UTC time.
pub trait Clock: Send + Sync {
    /// The current time.
    fn now(&self) -> DateTime<Utc>;
}

/// The real wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock for tests: starts at a fixed instant and advances one second each
/// time it is read, so consecutive events have distinct, predictable times.
#[derive(Debug)]
pub struct SteppingClock {
    next_millis: AtomicI64,
}

impl SteppingClock {
    /// A clock whose first reading is `start`.
    pub fn starting_at(start: DateTime<Utc>) -> Self {
        Self {
            next_millis: AtomicI64::new(start.timestamp_millis()),
        }
    }
}

impl Clock for SteppingClock {
    fn now(&self) -> DateTime<Utc> {
        let millis = self.next_millis.fetch_add(1000, Ordering::SeqCst);
        DateTime::from_timestamp_millis(millis).expect("test clock stays within chrono's range")
    }
}

/// Formats a time the way the project file stores it (RFC 3339, UTC, millisecond precision).
pub fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
