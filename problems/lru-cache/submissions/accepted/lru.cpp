#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    size_t capacity;
    int q;
    cin >> capacity >> q;
    list<pair<long long, long long>> recent;  // front = most recent
    unordered_map<long long, list<pair<long long, long long>>::iterator> where;
    string op, out;
    for (int i = 0; i < q; i++) {
        long long k;
        cin >> op >> k;
        auto it = where.find(k);
        if (op == "GET") {
            if (it == where.end()) {
                out += "-1\n";
                continue;
            }
            recent.splice(recent.begin(), recent, it->second);
            out += to_string(it->second->second) + "\n";
        } else {
            long long v;
            cin >> v;
            if (it != where.end()) {
                it->second->second = v;
                recent.splice(recent.begin(), recent, it->second);
                continue;
            }
            if (recent.size() == capacity) {
                where.erase(recent.back().first);
                recent.pop_back();
            }
            recent.emplace_front(k, v);
            where[k] = recent.begin();
        }
    }
    cout << out;
}
