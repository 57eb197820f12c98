//! Process CPU time, for the benchmarks that run on synthetic catalogs.
//!
//! Wall time is noisy on a shared 2-core machine; CPU time of the whole
//! process (every thread) says how much work was done.

use std::time::Duration;

/// User plus system time of this process so far, all threads, from
/// `/proc/self/stat` (Linux; clock ticks of 10 ms). `None` where there is no
/// procfs.
pub fn process_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces; count fields after its
    // closing parenthesis: state is the first, utime the 12th, stime the 13th.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

#[cfg(test)]
mod tests {
    #[test]
    fn cpu_time_is_read_and_never_decreases() {
        let before = super::process_cpu_time();
        if cfg!(target_os = "linux") {
            let before = before.expect("procfs on Linux");
            let mut x = 0u64;
            for i in 0..2_000_000u64 {
                x = std::hint::black_box(x.wrapping_add(i));
            }
            assert!(super::process_cpu_time().unwrap() >= before);
        }
    }
}
