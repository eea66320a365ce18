// Count requests per (method, path without query) in a map, then sort by count.
package main

import (
	"bufio"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

type endpoint struct{ method, path string }

type ranked struct {
	endpoint
	count int
}

func main() {
	input, _ := io.ReadAll(os.Stdin)
	tokens := strings.Fields(string(input))
	n, _ := strconv.Atoi(tokens[0])
	k, _ := strconv.Atoi(tokens[1])
	counts := make(map[endpoint]int)
	for i := range n {
		method, path := tokens[2+3*i], tokens[3+3*i]
		path, _, _ = strings.Cut(path, "?")
		counts[endpoint{method, path}]++
	}
	rank := make([]ranked, 0, len(counts))
	for e, count := range counts {
		rank = append(rank, ranked{e, count})
	}
	// Strings compare by bytes: most requests first, then method, then path.
	slices.SortFunc(rank, func(a, b ranked) int {
		if a.count != b.count {
			return b.count - a.count
		}
		if a.method != b.method {
			return strings.Compare(a.method, b.method)
		}
		return strings.Compare(a.path, b.path)
	})
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for _, r := range rank[:min(k, len(rank))] {
		out.WriteString(r.method)
		out.WriteByte(' ')
		out.WriteString(r.path)
		out.WriteByte(' ')
		out.WriteString(strconv.Itoa(r.count))
		out.WriteByte('\n')
	}
}
