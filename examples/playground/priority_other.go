//go:build !linux

package main

// lowerThreadPriority does nothing where a thread has no niceness of its
// own: training runs at the server's priority.
func lowerThreadPriority() error { return nil }
