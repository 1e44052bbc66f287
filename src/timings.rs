//! Where a build's time goes: `UNSPUN_TIMINGS=1 unspun build` prints, on
//! standard error, the wall and CPU time of each sequential step and, for the
//! parallel step that makes the reports, the CPU time all threads together
//! spent aligning, rendering and writing. CPU time (not wall time) is summed
//! so that the figures hold on a busy machine too.
//!
//! Off by default, and then each probe costs one relaxed atomic load.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Work done inside the parallel loop, summed over threads.
#[derive(Debug, Clone, Copy)]
pub enum Stage {
    /// One whole report (align, render, serialise and write), and the
    /// preparation of each original.
    Report,
    /// Aligning a rewrite with its source.
    Align,
    /// Writing a file to the output (every file, not only reports).
    Write,
    /// Reading and writing the alignment cache (and identifying the binary
    /// it is keyed by).
    Cache,
}

const STAGES: usize = 4;

static ENABLED: AtomicBool = AtomicBool::new(false);
static CPU_BEGIN: AtomicU64 = AtomicU64::new(0);
static NANOS: [AtomicU64; STAGES] = [const { AtomicU64::new(0) }; STAGES];
/// When the build began, when the last step ended, and each step: its name,
/// wall time, process CPU time (ns), and the stage totals when it ended.
type Clock = (
    Instant,
    Instant,
    Vec<(&'static str, Duration, u64, [u64; STAGES])>,
);

/// CPU time (user + system) in nanoseconds: of the calling thread, or of
/// the whole process.
#[cfg(unix)]
fn cpu_ns(thread: bool) -> u64 {
    let clock = if thread {
        libc::CLOCK_THREAD_CPUTIME_ID
    } else {
        libc::CLOCK_PROCESS_CPUTIME_ID
    };
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for clock_gettime to fill in.
    if unsafe { libc::clock_gettime(clock, &mut ts) } != 0 {
        return 0;
    }
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// CPU time is not measured here (the timings show wall time only).
#[cfg(not(unix))]
fn cpu_ns(_thread: bool) -> u64 {
    0
}
static CLOCK: Mutex<Option<Clock>> = Mutex::new(None);

fn totals() -> [u64; STAGES] {
    std::array::from_fn(|i| NANOS[i].load(Ordering::Relaxed))
}

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Asks for timings whatever `UNSPUN_TIMINGS` says (`unspun build --verbose`).
pub fn request() {
    REQUESTED.store(true, Ordering::Relaxed);
}

/// Starts timing a build if `UNSPUN_TIMINGS` is set (to anything but `0`) or
/// timings were [`request`]ed.
pub fn begin() {
    let on = REQUESTED.load(Ordering::Relaxed)
        || std::env::var_os("UNSPUN_TIMINGS").is_some_and(|v| v != "0");
    ENABLED.store(on, Ordering::Relaxed);
    if !on {
        return;
    }
    for n in &NANOS {
        n.store(0, Ordering::Relaxed);
    }
    CPU_BEGIN.store(cpu_ns(false), Ordering::Relaxed);
    let now = Instant::now();
    if let Ok(mut c) = CLOCK.lock() {
        *c = Some((now, now, Vec::new()));
    }
}

fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Ends a sequential step: its wall time is the time since the previous one.
pub fn checkpoint(step: &'static str) {
    if !enabled() {
        return;
    }
    if let Ok(mut c) = CLOCK.lock() {
        if let Some((_, last, steps)) = c.as_mut() {
            let now = Instant::now();
            steps.push((step, now - *last, cpu_ns(false), totals()));
            *last = now;
        }
    }
}

/// Adds the thread's CPU time until the returned guard is dropped to `stage`.
#[must_use = "the time is counted until the guard is dropped"]
pub fn start(stage: Stage) -> Guard {
    Guard(enabled().then(|| (stage, cpu_ns(true))))
}

/// Counts CPU time for a [`Stage`] until dropped.
pub struct Guard(Option<(Stage, u64)>);

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some((stage, started)) = self.0 {
            let ns = cpu_ns(true).saturating_sub(started);
            NANOS[stage as usize].fetch_add(ns, Ordering::Relaxed);
        }
    }
}

/// Prints the steps and stages to standard error (if timing is on).
pub fn print() {
    if !enabled() {
        return;
    }
    let Ok(c) = CLOCK.lock() else { return };
    let Some((begun, _, steps)) = c.as_ref() else {
        return;
    };
    let ms = |ns: u64| ns as f64 / 1e6;
    let total = begun.elapsed().as_nanos() as u64;
    eprintln!(
        "timings (UNSPUN_TIMINGS): wall and CPU time of each step; in brackets, CPU time of {} threads",
        rayon::current_num_threads()
    );
    let mut before = [0u64; STAGES];
    let cpu_start = CPU_BEGIN.load(Ordering::Relaxed);
    let mut cpu_before = cpu_start;
    for (step, d, cpu, after) in steps {
        let wall = d.as_nanos() as u64;
        let [report, align, write, cache] = std::array::from_fn(|i| after[i] - before[i]);
        let mut line = format!(
            "  {step:<8} {:>9.1} ms wall {:>5.1}% {:>9.1} ms CPU",
            ms(wall),
            100.0 * wall as f64 / total.max(1) as f64,
            ms(cpu.saturating_sub(cpu_before))
        );
        if report > 0 {
            let render = report
                .saturating_sub(align)
                .saturating_sub(write)
                .saturating_sub(cache);
            line += &format!(
                "  [align {:.1} ms, cache {:.1} ms, render {:.1} ms, write {:.1} ms]",
                ms(align),
                ms(cache),
                ms(render),
                ms(write)
            );
        } else if write > 0 || cache > 0 {
            line += &format!("  [cache {:.1} ms, write {:.1} ms]", ms(cache), ms(write));
        }
        eprintln!("{line}");
        before = *after;
        cpu_before = *cpu;
    }
    eprintln!(
        "  {:<8} {:>9.1} ms wall        {:>9.1} ms CPU",
        "total",
        ms(total),
        ms(cpu_before - cpu_start)
    );
}
