package main

import (
	_ "embed"
	"fmt"
)

// Tries to embed a host file from outside the module's directory.
//go:embed /etc/passwd
var secret string

func main() { fmt.Print(secret) }
