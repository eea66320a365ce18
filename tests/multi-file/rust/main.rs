mod util;
fn main() { println!("{}", util::add(2, 3)); }
