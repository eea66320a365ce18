#include <iostream>
#include "util.hpp"
int main() { std::cout << add(2, 3) << "\n"; }
