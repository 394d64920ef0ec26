package main

// The MMU oracle: Go's own minimum mutator utilization, as `go tool trace`
// serves it to its MMU page (golang.org/x/exp/trace does not export the
// computation). `trace_oracle -mmu WINDOWS GO TRACE` starts `go tool trace`
// on a loopback port and asks it, with the page's default choices (STW,
// background workers, mark assists; all Ps as one):
//
//	plot <window ns> <mmu>     the page's curve, 100 window sizes
//	window <window ns> <mmu>   each of WINDOWS (comma-separated ns): the worst of its worst windows
//	... none                   when Go has no answer (no utilization function)

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

const mmuFlags = "stw|background|assist"

func printMMU(gobin, windows, tracePath string) error {
	// The tool itself, not `go tool trace`: killing the go command would
	// leave its child serving.
	tool, err := exec.Command(gobin, "tool", "-n", "trace").Output()
	if err != nil {
		return fmt.Errorf("go tool -n trace: %v", err)
	}
	cmd := exec.Command(strings.TrimSpace(string(tool)), "-http=127.0.0.1:0", tracePath)
	// The viewer opens a browser; `true` is one that succeeds at once.
	cmd.Env = append(os.Environ(), "BROWSER=true", "DISPLAY=")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	base, err := listenAddress(stderr)
	if err != nil {
		return err
	}
	go io.Copy(io.Discard, stderr)
	var plot struct{ Curve [][]float64 }
	if err := getJSON(base+"/mmu?mode=plot&flags="+mmuFlags, &plot); err != nil {
		fmt.Println("plot none")
	}
	for _, p := range plot.Curve {
		fmt.Printf("plot %d %v\n", int64(p[0]), p[1])
	}
	for _, w := range strings.Split(windows, ",") {
		var worst []struct{ MutatorUtil float64 }
		if err := getJSON(base+"/mmu?mode=details&window="+w+"&flags="+mmuFlags, &worst); err != nil || len(worst) == 0 {
			fmt.Printf("window %s none\n", w)
			continue
		}
		mmu := worst[0].MutatorUtil
		for _, x := range worst {
			mmu = min(mmu, x.MutatorUtil)
		}
		fmt.Printf("window %s %v\n", w, mmu)
	}
	return nil
}

var listening = regexp.MustCompile(`listening on (http://\S+)`)

func listenAddress(stderr io.Reader) (string, error) {
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				return
			}
		}
		close(found)
	}()
	select {
	case addr, ok := <-found:
		if !ok {
			return "", fmt.Errorf("go tool trace exited before serving")
		}
		return addr, nil
	case <-time.After(10 * time.Minute):
		return "", fmt.Errorf("go tool trace did not start serving")
	}
}

func getJSON(url string, v any) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// windowList checks WINDOWS before go tool trace is started.
func windowList(s string) error {
	for _, w := range strings.Split(s, ",") {
		if _, err := strconv.ParseInt(w, 10, 64); err != nil {
			return fmt.Errorf("bad window %q", w)
		}
	}
	return nil
}
