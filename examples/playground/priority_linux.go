//go:build linux

package main

import "syscall"

// trainingNice is the niceness of the training threads: above the server's
// 0, so that when the CPU is busy the page's requests, and the browser on
// the same machine, go first. On an idle machine it changes nothing.
const trainingNice = 10

// lowerThreadPriority gives the calling OS thread the niceness
// trainingNice. Linux keeps a niceness per thread; the caller must have
// locked its goroutine to the thread (runtime.LockOSThread) and never
// unlock it, so that the thread ends with the goroutine and the lower
// priority with it. It returns the error of setpriority, if any.
func lowerThreadPriority() error {
	return syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), trainingNice)
}
