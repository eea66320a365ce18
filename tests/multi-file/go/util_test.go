package main

import "testing"

func TestAdd(t *testing.T) {}
