#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n, m;
    cin >> n >> m;
    vector<vector<int>> next(n + 1);
    vector<int> indegree(n + 1);
    for (int i = 0; i < m; i++) {
        int a, b;
        cin >> a >> b;
        next[a].push_back(b);
        indegree[b]++;
    }
    vector<int> order;
    for (int v = 1; v <= n; v++)
        if (indegree[v] == 0) order.push_back(v);
    for (size_t i = 0; i < order.size(); i++)
        for (int w : next[order[i]])
            if (--indegree[w] == 0) order.push_back(w);
    if ((int)order.size() < n) {
        cout << "IMPOSSIBLE\n";
        return 0;
    }
    for (int i = 0; i < n; i++) cout << order[i] << (i + 1 < n ? ' ' : '\n');
}
