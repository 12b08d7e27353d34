//! How long each page of a build has been rendering, for a watchdog that stops a build whose
//! template never ends (a loop inside a loop, a component that calls itself at every level):
//! Tera has no limit on a render's work, and a theme from other hands can hang a build. Off
//! until a command turns it on (`enable`); then each render thread of the build's pool notes
//! the page it is on, and `longest` says which has been at it the longest.

use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// One thread's page, and since when it renders it (`None` between pages).
type Slot = Mutex<Option<(String, Instant)>>;

/// Per thread of the render pool, its slot.
static SLOTS: OnceLock<Vec<Slot>> = OnceLock::new();

/// Turns the watch on for the current thread pool (rayon's global one, which renders the pages).
pub fn enable() {
    SLOTS.get_or_init(|| (0..rayon::current_num_threads()).map(|_| Mutex::new(None)).collect());
}

/// A page being rendered; its slot is cleared when it is dropped.
pub struct Rendering(Option<usize>);

/// Notes that this thread renders the page written at `path`, until the guard is dropped.
/// Nothing when the watch is off, or outside the pool.
pub fn enter(path: &str) -> Rendering {
    let Some(slots) = SLOTS.get() else {
        return Rendering(None);
    };
    let Some(slot) = rayon::current_thread_index().filter(|&i| i < slots.len()) else {
        return Rendering(None);
    };
    *lock(&slots[slot]) = Some((path.to_string(), Instant::now()));
    Rendering(Some(slot))
}

impl Drop for Rendering {
    fn drop(&mut self) {
        if let (Some(slot), Some(slots)) = (self.0, SLOTS.get()) {
            *lock(&slots[slot]) = None;
        }
    }
}

/// The page that has been rendering the longest, and for how long.
pub fn longest() -> Option<(String, Duration)> {
    SLOTS
        .get()?
        .iter()
        .filter_map(|slot| lock(slot).as_ref().map(|(path, since)| (path.clone(), since.elapsed())))
        .max_by_key(|(_, elapsed)| *elapsed)
}

fn lock<T>(slot: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A render that panicked while noting its page leaves a slot as good as any.
    slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
