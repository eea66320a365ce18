package main

import (
	"bufio"
	"container/heap"
	"container/list"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"os"
	"slices"
	"maps"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

var _ = heap.Init
var _ = list.New
var _ = math.Sqrt
var _ = big.NewInt
var _ = bits.Len
var _ = slices.Sort[[]int]
var _ = maps.Keys[map[int]int]
var _ = sort.Ints
var _ = strconv.Itoa
var _ = strings.Fields
var _ = unicode.IsDigit

func main() { fmt.Fprintln(bufio.NewWriter(os.Stdout)) }
