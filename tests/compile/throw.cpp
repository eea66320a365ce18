#include <stdexcept>
int main() {
    try {
        throw std::runtime_error("no exceptions here");
    } catch (...) {
    }
}
