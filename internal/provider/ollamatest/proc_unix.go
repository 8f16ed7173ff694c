//go:build unix

package ollamatest

import (
	"os/exec"
	"syscall"
)

// setProcAttr puts the server in a process group of its own, so that stopping it also reaches the
// runner processes it starts.
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	setParentDeathSignal(cmd.SysProcAttr)
}

func terminate(cmd *exec.Cmd) { cmd.Process.Signal(syscall.SIGTERM) }

func kill(cmd *exec.Cmd) { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }

// killGroup kills whatever is left in the server's process group once the server has exited.
func killGroup(cmd *exec.Cmd) { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
