//! The stoa binary.
fn main() {}
