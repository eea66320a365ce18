#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n, k;
    cin >> n >> k;
    map<pair<string, string>, int> counts;
    string method, path, status;
    for (int i = 0; i < n; i++) {
        cin >> method >> path >> status;
        counts[{method, path.substr(0, path.find('?'))}]++;
    }
    vector<pair<int, pair<string, string>>> ranked;
    for (auto &[endpoint, count] : counts) ranked.push_back({-count, endpoint});
    sort(ranked.begin(), ranked.end());
    for (int i = 0; i < (int)ranked.size() && i < k; i++)
        cout << ranked[i].second.first << ' ' << ranked[i].second.second << ' ' << -ranked[i].first << '\n';
}
