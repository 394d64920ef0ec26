// Package park holds what every sample does before it reports READY: wait
// until its goroutines are parked where they will stay, and keep the runtime
// from ending a process whose goroutines all sleep.
package park

import (
	"runtime"
	"time"
)

// KeepProcessAlive arms a timer far in the future: with a timer pending the
// runtime does not report "all goroutines are asleep - deadlock!" when main
// blocks forever, so the sample waits for the capture's signal.
func KeepProcessAlive() {
	time.AfterFunc(24*time.Hour, func() {})
}

// WaitParked waits until n goroutines exist and then gives them time to park.
func WaitParked(n int) {
	for runtime.NumGoroutine() < n {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
}
