//! A count of the look-back work of extraction, for the test that bounds the work per byte
//! (`tests::work_grows_linearly` in `lib.rs`). Each look-back (an earlier source sought in
//! the story's memory, bytes of text read again before or around a figure) adds its steps;
//! outside tests the count compiles to nothing.

#[cfg(test)]
thread_local! {
    static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Adds `n` steps of look-back work (a test build only).
#[inline(always)]
pub(crate) fn add(n: usize) {
    #[cfg(test)]
    STEPS.with(|steps| steps.set(steps.get() + n as u64));
    #[cfg(not(test))]
    let _ = n;
}

/// The steps counted on this thread since the last call, and a new count begun.
#[cfg(test)]
pub(crate) fn take() -> u64 {
    STEPS.with(|steps| steps.replace(0))
}
