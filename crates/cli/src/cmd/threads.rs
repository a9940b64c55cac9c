//! `-j N`: the extraction threads of `extract`, `ingest` and `reextract`.

use std::io::Write;
use std::num::NonZeroUsize;

use anyhow::Context;

/// Threads per core at most: more only add memory and switching, never speed.
const MAX_PER_CORE: usize = 4;

/// The thread pool for `-j`: one thread per core by default, and at most
/// [`MAX_PER_CORE`] per core, with a note on standard error when `-j` asked for more.
///
/// # Errors
///
/// Fails when the threads cannot start.
pub fn pool(threads: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    let n_cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let n_threads = threads.map(|asked| {
        let capped = capped(asked, n_cores);
        if capped < asked {
            let _ = writeln!(
                std::io::stderr(),
                "tally: -j {asked} is more than {MAX_PER_CORE} threads per core: using {capped} ({n_cores} cores)"
            );
        }
        capped
    });
    rayon::ThreadPoolBuilder::new()
        .num_threads(n_threads.unwrap_or(0))
        .build()
        .context("starting the extraction threads")
}

/// `asked` threads, at most [`MAX_PER_CORE`] per core (0 is rayon's default, one per core).
fn capped(asked: usize, n_cores: usize) -> usize {
    asked.min(n_cores.saturating_mul(MAX_PER_CORE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_count_beyond_four_per_core_is_capped() {
        assert_eq!(capped(1_000_000, 2), 8);
        assert_eq!(capped(8, 2), 8);
        assert_eq!(capped(3, 2), 3);
        assert_eq!(capped(0, 2), 0);
    }
}
