#include <bits/stdc++.h>
using namespace std;

static uint32_t fnv(const string &s) {
    uint32_t h = 2166136261u;
    for (unsigned char b : s) h = (h ^ b) * 16777619u;
    return h;
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int v, n;
    cin >> v >> n;
    set<pair<uint32_t, string>> ring;
    string op, name, out;
    for (int i = 0; i < n; i++) {
        cin >> op >> name;
        if (op == "ADD") {
            for (int j = 0; j < v; j++) ring.emplace(fnv(name + "#" + to_string(j)), name);
        } else if (op == "REMOVE") {
            for (int j = 0; j < v; j++) ring.erase({fnv(name + "#" + to_string(j)), name});
        } else if (ring.empty()) {
            out += "NONE\n";
        } else {
            auto it = ring.lower_bound({fnv(name), string()});
            if (it == ring.end()) it = ring.begin();
            out += it->second + "\n";
        }
    }
    cout << out;
}
