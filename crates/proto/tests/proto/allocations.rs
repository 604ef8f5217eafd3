//! The publish path allocates nothing: decoding a PUBLISH from a receive
//! buffer only slices it (topic and payload share the buffer), and encoding
//! into a buffer with room allocates nothing either. Counted with a global
//! allocator that counts per thread, so parallel tests do not interfere.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use bytes::{Bytes, BytesMut};
use mqtt_proto::{decode, Packet, PacketId, ProtocolVersion, Publish, QoS, Topic};

struct CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

fn allocations_during(work: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    work();
    ALLOCATIONS.with(Cell::get) - before
}

fn publish() -> Packet {
    let mut publish =
        Publish::new(Topic::from_static("bench/sensors/42"), Bytes::from(vec![7; 64]));
    publish.qos = QoS::AtLeastOnce;
    publish.packet_id = PacketId::new(9);
    Packet::Publish(publish)
}

#[test]
fn decoding_publish_from_a_receive_buffer_does_not_allocate() {
    let packet = publish();
    for version in ProtocolVersion::ALL {
        let mut buf = BytesMut::with_capacity(100 * 128);
        for _ in 0..100 {
            packet.encode(version, &mut buf).unwrap();
        }
        // The first split turns the buffer into a shared one (one
        // allocation per buffer, not per packet).
        assert_eq!(decode(&mut buf, version, usize::MAX).unwrap().as_ref(), Some(&packet));
        let allocations = allocations_during(|| {
            for _ in 0..99 {
                let decoded = decode(&mut buf, version, usize::MAX).unwrap().unwrap();
                assert!(
                    matches!(&decoded, Packet::Publish(publish) if publish.payload.len() == 64)
                );
            }
        });
        assert_eq!(allocations, 0, "{version}: decoding 99 PUBLISH packets allocated");
        assert!(buf.is_empty());
    }
}

#[test]
fn encoding_publish_into_a_buffer_with_room_does_not_allocate() {
    let packet = publish();
    for version in ProtocolVersion::ALL {
        let mut buf = BytesMut::with_capacity(100 * packet.encoded_len(version));
        let allocations = allocations_during(|| {
            for _ in 0..100 {
                packet.encode(version, &mut buf).unwrap();
            }
        });
        assert_eq!(allocations, 0, "{version}: encoding 100 PUBLISH packets allocated");
    }
}

#[test]
fn the_counter_counts() {
    // Guards the two tests above against a counter that never moves.
    assert_eq!(allocations_during(|| drop(std::hint::black_box(vec![1u8; 10]))), 1);
}
