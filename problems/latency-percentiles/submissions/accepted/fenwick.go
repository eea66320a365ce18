// A Fenwick tree over latency values; the k-th smallest by binary lifting.
package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"strconv"
)

const maxV = 1 << 20 // above 10^6

var tree [maxV + 1]int32

func add(i int) {
	for ; i <= maxV; i += i & -i {
		tree[i]++
	}
}

// Smallest value with at least k recorded at or below it.
func kth(k int32) int {
	pos := 0
	for step := maxV; step > 0; step >>= 1 {
		if pos+step <= maxV && tree[pos+step] < k {
			pos += step
			k -= tree[pos]
		}
	}
	return pos + 1
}

func main() {
	input, _ := io.ReadAll(os.Stdin)
	tokens := bytes.Fields(input)
	n, _ := strconv.Atoi(string(tokens[0]))
	tokens = tokens[1:]
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	count := 0
	rank := func(p int) int32 { return int32((p*count + 99) / 100) }
	for range n {
		op := tokens[0]
		tokens = tokens[1:]
		if op[0] == 'R' {
			x, _ := strconv.Atoi(string(tokens[0]))
			tokens = tokens[1:]
			add(x)
			count++
		} else if count == 0 {
			out.WriteString("- - -\n")
		} else {
			out.WriteString(strconv.Itoa(kth(rank(50))))
			out.WriteByte(' ')
			out.WriteString(strconv.Itoa(kth(rank(95))))
			out.WriteByte(' ')
			out.WriteString(strconv.Itoa(kth(rank(99))))
			out.WriteByte('\n')
		}
	}
}
