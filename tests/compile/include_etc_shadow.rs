// Tries to embed a host secret at compile time.
const SECRET: &str = include_str!("/etc/shadow");

fn main() {
    println!("{SECRET}");
}
