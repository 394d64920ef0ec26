// Package tracefile runs the trace samples' execution trace: started into a
// file, stopped and closed, with any failure ending the process.
package tracefile

import (
	"fmt"
	"os"
	"runtime/trace"
)

// Start begins tracing into path; the returned function stops the trace and
// closes the file.
func Start(path string) (stop func()) {
	f, err := os.Create(path)
	if err != nil {
		fail(err)
	}
	if err := trace.Start(f); err != nil {
		fail(err)
	}
	return func() {
		trace.Stop()
		if err := f.Close(); err != nil {
			fail(err)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
