#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    long long limit, w;
    int n;
    cin >> limit >> w >> n;
    unordered_map<string, deque<long long>> logs;
    unordered_map<string, pair<long long, long long>> windows;  // window index, allowed
    string u, out;
    for (int i = 0; i < n; i++) {
        long long t;
        cin >> t >> u;
        auto &log = logs[u];
        while (!log.empty() && log.front() <= t - w) log.pop_front();
        bool sliding = (long long)log.size() < limit;
        if (sliding) log.push_back(t);
        auto it = windows.find(u);
        if (it == windows.end() || it->second.first != t / w) it = windows.insert_or_assign(u, make_pair(t / w, 0LL)).first;
        bool fixed = it->second.second < limit;
        it->second.second += fixed;
        out += sliding ? 'A' : 'D';
        out += ' ';
        out += fixed ? 'A' : 'D';
        out += '\n';
    }
    cout << out;
}
