// Expiry with a min-heap of deadlines, dropped lazily.
#include <cstdio>
#include <iostream>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int q;
    cin >> q;
    string rest;
    getline(cin, rest);
    unordered_map<string, string> data;
    unordered_map<string, long long> deadline;
    priority_queue<pair<long long, string>, vector<pair<long long, string>>, greater<>> heap;
    auto expire = [&](long long now) {
        while (!heap.empty() && heap.top().first <= now) {
            auto [at, key] = heap.top();
            heap.pop();
            auto it = deadline.find(key);
            if (it != deadline.end() && it->second == at) {
                deadline.erase(it);
                data.erase(key);
            }
        }
    };
    string out;
    for (int i = 0; i < q; i++) {
        string line;
        getline(cin, line);
        vector<string> parts;
        size_t start = 0;
        while (start < line.size()) {
            size_t end = line.find(' ', start);
            if (end == string::npos) end = line.size();
            parts.push_back(line.substr(start, end - start));
            start = end + 1;
        }
        long long now = stoll(parts[0]);
        expire(now);
        const string &command = parts[1];
        if (command == "SET") {
            data[parts[2]] = parts[3];
            deadline.erase(parts[2]);
            if (parts.size() > 4) {
                long long at = now + stoll(parts[4]);
                deadline[parts[2]] = at;
                heap.push({at, parts[2]});
            }
        } else if (command == "GET") {
            auto it = data.find(parts[2]);
            out += it == data.end() ? "(nil)" : it->second;
            out += '\n';
        } else if (command == "DEL") {
            deadline.erase(parts[2]);
            out += data.erase(parts[2]) ? "1\n" : "0\n";
        } else {
            out += to_string(data.size()) + "\n";
        }
    }
    fwrite(out.data(), 1, out.size(), stdout);
}
