// Per account, the (event number, balance) after each of its events; a
// query is a binary search in its account's history.
#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n;
    cin >> n;
    unordered_map<long long, vector<pair<int, long long>>> history;
    int events = 0;
    string op, out;
    for (int i = 0; i < n; i++) {
        long long a, x;
        cin >> op >> a >> x;
        auto &h = history[a];
        if (op == "AT") {
            auto it = upper_bound(h.begin(), h.end(), make_pair((int)x, LLONG_MAX));
            out += to_string(it == h.begin() ? 0 : prev(it)->second) + "\n";
            continue;
        }
        events++;
        long long now = h.empty() ? 0 : h.back().second;
        if (op == "DEPOSIT") now += x;
        else if (now >= x) now -= x;
        h.emplace_back(events, now);
    }
    cout << out;
}
