// std::filesystem's operations: Debian's libc++ for wasm32 is built without
// the filesystem library, so this must be a compile error that says so.
#include <filesystem>
#include <iostream>

int main() {
    std::cout << std::filesystem::exists("/code") << std::endl;
}
