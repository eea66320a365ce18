package main

import "fmt"

func main() { fmt.Println(add(2, 3)) }
