#include "store.hpp"

void Store::expire(long long now) {
    while (!heap.empty() && heap.top().first <= now) {
        auto [at, key] = heap.top();
        heap.pop();
        auto found = deadline.find(key);
        if (found != deadline.end() && found->second == at) {
            deadline.erase(found);
            data.erase(key);
        }
    }
}

void Store::set(const std::string &key, const std::string &value, long long now, long long ttl) {
    expire(now);
    data[key] = value;
    deadline.erase(key);
    if (ttl > 0) {
        deadline[key] = now + ttl;
        heap.push({now + ttl, key});
    }
}

std::optional<std::string> Store::get(const std::string &key, long long now) {
    expire(now);
    auto found = data.find(key);
    if (found == data.end()) return std::nullopt;
    return found->second;
}

bool Store::remove(const std::string &key, long long now) {
    expire(now);
    deadline.erase(key);
    return data.erase(key) > 0;
}

std::size_t Store::count(long long now) {
    expire(now);
    return data.size();
}
