//! Packet identifier allocation over the whole 1..=65535 space.
//!
//! Policy: an identifier is handed out only when no packet of any kind
//! (PUBLISH, PUBREL, SUBSCRIBE, UNSUBSCRIBE) still uses it, and it stays
//! reserved until that exchange completes. Allocation walks a rolling cursor
//! so a just-freed identifier is not reused at once (which keeps traces
//! readable and avoids confusing a peer that is slow to forget an id). The
//! in-flight *window* is enforced elsewhere; this type only guarantees
//! uniqueness.

use mqtt_proto::PacketId;

/// Number of `u64` words needed for one bit per identifier 0..=65535.
const WORDS: usize = 65536 / 64;

/// A bitset of identifiers in use plus a rolling cursor. The 8 KiB bitset
/// is allocated on first use, so a connection that never needs an
/// identifier (QoS 0 only, or idle: `bench conn` holds thousands) does not
/// pay for it.
pub(crate) struct PacketIds {
    in_use: Option<Box<[u64; WORDS]>>,
    count: usize,
    /// The identifier tried first by the next allocation.
    cursor: u16,
}

impl PacketIds {
    pub(crate) fn new() -> PacketIds {
        PacketIds { in_use: None, count: 0, cursor: 1 }
    }

    fn words(&mut self) -> &mut [u64; WORDS] {
        self.in_use.get_or_insert_with(|| Box::new([0; WORDS]))
    }

    /// How many identifiers are reserved.
    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// Reserves the next free identifier, or `None` when all 65535 are in use.
    pub(crate) fn allocate(&mut self) -> Option<PacketId> {
        if self.count >= 65535 {
            return None;
        }
        let mut candidate = self.cursor;
        loop {
            // Skip whole words that are full (fast under a large window).
            let word = usize::from(candidate) / 64;
            if self.words()[word] == u64::MAX {
                candidate = next_word_start(candidate);
                continue;
            }
            if candidate != 0 && !self.contains(candidate) {
                self.insert(candidate);
                self.cursor = candidate.checked_add(1).unwrap_or(1);
                return PacketId::new(candidate);
            }
            candidate = candidate.checked_add(1).unwrap_or(1);
        }
    }

    /// Marks `id` as used (for identifiers restored with a session). Returns
    /// false when it already was.
    pub(crate) fn reserve(&mut self, id: u16) -> bool {
        if id == 0 || self.contains(id) {
            return false;
        }
        self.insert(id);
        true
    }

    /// Frees `id`; returns false when it was not reserved.
    pub(crate) fn release(&mut self, id: u16) -> bool {
        if id == 0 || !self.contains(id) {
            return false;
        }
        self.words()[usize::from(id) / 64] &= !(1u64 << (id % 64));
        self.count -= 1;
        true
    }

    pub(crate) fn contains(&self, id: u16) -> bool {
        self.in_use
            .as_ref()
            .is_some_and(|words| words[usize::from(id) / 64] & (1u64 << (id % 64)) != 0)
    }

    pub(crate) fn clear(&mut self) {
        if let Some(words) = &mut self.in_use {
            words.fill(0);
        }
        self.count = 0;
    }

    fn insert(&mut self, id: u16) {
        self.words()[usize::from(id) / 64] |= 1u64 << (id % 64);
        self.count += 1;
    }
}

/// The first identifier of the next 64-id word, wrapping past 65535 to 1.
fn next_word_start(id: u16) -> u16 {
    match (id / 64).checked_add(1).and_then(|word| word.checked_mul(64)) {
        Some(start) if start != 0 => start,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocates_sequentially_from_one() {
        let mut ids = PacketIds::new();
        let got: Vec<u16> = (0..5).map(|_| ids.allocate().unwrap().get()).collect();
        assert_eq!(got, [1, 2, 3, 4, 5]);
        assert_eq!(ids.len(), 5);
    }

    #[test]
    fn uses_the_whole_space_and_never_hands_out_a_used_id() {
        let mut ids = PacketIds::new();
        for expected in 1..=65535u16 {
            assert_eq!(ids.allocate().unwrap().get(), expected);
        }
        assert!(ids.allocate().is_none(), "all 65535 ids are in flight");
        // Freeing one out of order makes exactly that one available.
        assert!(ids.release(4242));
        assert_eq!(ids.allocate().unwrap().get(), 4242);
        assert!(ids.allocate().is_none());
    }

    #[test]
    fn wraps_around_and_skips_ids_still_in_flight() {
        let mut ids = PacketIds::new();
        for _ in 0..65535 {
            ids.allocate().unwrap();
        }
        // Keep 1 and 3 in flight, free everything else.
        for id in 2..=65535u16 {
            if id != 3 {
                ids.release(id);
            }
        }
        assert_eq!(
            ids.allocate().unwrap().get(),
            2,
            "cursor wrapped past 65535 to the first free id"
        );
        assert_eq!(ids.allocate().unwrap().get(), 4, "3 is still in flight");
    }

    #[test]
    fn the_bitset_is_allocated_on_first_use() {
        let mut ids = PacketIds::new();
        assert!(!ids.contains(5) && !ids.release(5));
        ids.clear();
        assert!(ids.in_use.is_none(), "nothing was ever reserved");
        ids.allocate();
        assert!(ids.in_use.is_some());
    }

    #[test]
    fn release_and_reserve_report_misuse() {
        let mut ids = PacketIds::new();
        assert!(!ids.release(7), "7 was never reserved");
        assert!(ids.reserve(7));
        assert!(!ids.reserve(7), "7 is already reserved");
        assert!(!ids.reserve(0), "0 is not a packet id");
        assert!(ids.release(7));
        assert_eq!(ids.len(), 0);
    }
}
