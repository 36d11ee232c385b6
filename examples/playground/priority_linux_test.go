//go:build linux

package main

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// threadNice returns the niceness of the calling thread from
// /proc/thread-self/stat (its 19th field).
func threadNice() (int, error) {
	b, err := os.ReadFile("/proc/thread-self/stat")
	if err != nil {
		return 0, err
	}
	// The command, field 2, is in parentheses and may hold spaces.
	fields := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	return strconv.Atoi(fields[19-3])
}

func TestLowerThreadPriority(t *testing.T) {
	if _, err := threadNice(); err != nil {
		t.Skip(err)
	}
	var before, after int
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread() // never unlocked: the thread ends with this goroutine
		before, _ = threadNice()
		if err = lowerThreadPriority(); err == nil {
			after, err = threadNice()
		}
	}()
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if after != trainingNice || before == trainingNice {
		t.Errorf("niceness %d before and %d after, want %d after", before, after, trainingNice)
	}
	if n, _ := threadNice(); n == trainingNice {
		t.Errorf("the test's own thread has niceness %d: the change leaked", n)
	}
}
