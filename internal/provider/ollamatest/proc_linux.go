//go:build linux

package ollamatest

import "syscall"

// setParentDeathSignal stops the server when the test binary dies without cleaning up (a test
// timeout panics, ^C), instead of leaving it running. The signal fires when the OS thread that
// started the server exits; Go only ends threads whose goroutine exits while locked to them, which
// tests that start servers do not do.
func setParentDeathSignal(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGTERM }
