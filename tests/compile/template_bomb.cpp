// Exponential template instantiation: each level instantiates two distinct children.
template <int N, int K> struct T {
    static constexpr long long v = T<N - 1, 2 * K>::v + T<N - 1, 2 * K + 1>::v;
};
template <int K> struct T<0, K> { static constexpr long long v = K; };
int main() { return T<40, 0>::v > 0 ? 0 : 1; }
