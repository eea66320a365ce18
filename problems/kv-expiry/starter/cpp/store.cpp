#include "store.hpp"

void Store::set(const std::string &key, const std::string &value, long long) {
    data[key] = value;
}

std::optional<std::string> Store::get(const std::string &key, long long) {
    auto found = data.find(key);
    if (found == data.end()) return std::nullopt;
    return found->second;
}

bool Store::remove(const std::string &key, long long) {
    return data.erase(key) > 0;
}

std::size_t Store::count(long long) {
    return data.size();
}
