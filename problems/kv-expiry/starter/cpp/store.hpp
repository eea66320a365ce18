// The key-value store.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

class Store {
public:
    void set(const std::string &key, const std::string &value, long long now);
    std::optional<std::string> get(const std::string &key, long long now);
    bool remove(const std::string &key, long long now);
    // TODO: keys that expired are not there.
    std::size_t count(long long now);

private:
    std::unordered_map<std::string, std::string> data;
};
