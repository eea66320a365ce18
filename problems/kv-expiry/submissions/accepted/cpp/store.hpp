// The key-value store, with expiry: a min-heap of deadlines drops expired
// keys lazily.
#pragma once

#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

class Store {
public:
    // `ttl` 0: no expiry.
    void set(const std::string &key, const std::string &value, long long now, long long ttl);
    std::optional<std::string> get(const std::string &key, long long now);
    bool remove(const std::string &key, long long now);
    std::size_t count(long long now);

private:
    void expire(long long now);
    std::unordered_map<std::string, std::string> data;
    std::unordered_map<std::string, long long> deadline;
    std::priority_queue<std::pair<long long, std::string>, std::vector<std::pair<long long, std::string>>,
                        std::greater<>> heap;
};
