// Reads the commands and prints the answers; the data lives in store.cpp.
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "store.hpp"

int main() {
    std::ios::sync_with_stdio(false);
    int q;
    std::cin >> q;
    std::string line;
    std::getline(std::cin, line);
    Store store;
    std::string out;
    for (int i = 0; i < q; i++) {
        std::getline(std::cin, line);
        std::istringstream words(line);
        long long now;
        std::string command, key, value;
        words >> now >> command;
        if (command == "SET") {
            words >> key >> value;
            store.set(key, value, now);
        } else if (command == "GET") {
            words >> key;
            auto found = store.get(key, now);
            out += found ? *found : "(nil)";
            out += '\n';
        } else if (command == "DEL") {
            words >> key;
            out += store.remove(key, now) ? "1\n" : "0\n";
        } else if (command == "COUNT") {
            out += std::to_string(store.count(now)) + "\n";
        }
    }
    std::cout << out;
}
