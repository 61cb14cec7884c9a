//! Work split over a kiosk's few cores: the calling thread works too, and
//! what the helper threads found is gathered after it.

use std::thread::ScopedJoinHandle;

/// `mine` followed by what each helper returns, in the helpers' order. A
/// helper's panic goes on in the caller, as if it had done the work itself.
pub fn gather<T>(mut mine: Vec<T>, helpers: Vec<ScopedJoinHandle<'_, Vec<T>>>) -> Vec<T> {
    for helper in helpers {
        mine.extend(
            helper
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e)),
        );
    }
    mine
}
