//! Faults found against brokers and clients no one here wrote, each
//! reproduced by the real peer where one can run here, or by a scripted
//! broker that behaves as the foreign one did.

// Acknowledgements of the wrong kind or never: pub, sub and bench end, bounded and named.
mod acks;
// inspect against brokers that announce limits, drop QoS 0, answer 3.1.1 or send strays.
mod inspect;
