// Package datadir finds the folder where Hushnote keeps its database and other per-user files, the same
// one for the desktop app and the command line.
package datadir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// EnvHome is the environment variable that overrides the data folder.
const EnvHome = "HUSHNOTE_HOME"

// appFolder is the folder's name under the OS's per-user application data folder.
const appFolder = "Hushnote"

// Resolve returns the data folder: flagHome when set, else $HUSHNOTE_HOME, else the OS's per-user
// application data folder (~/.local/share/Hushnote or $XDG_DATA_HOME/Hushnote on Linux,
// ~/Library/Application Support/Hushnote on macOS, %AppData%\Hushnote on Windows).
func Resolve(flagHome string) (string, error) {
	if flagHome != "" {
		return filepath.Abs(flagHome)
	}
	if env := os.Getenv(EnvHome); env != "" {
		return filepath.Abs(env)
	}
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "plan9":
		base, err := os.UserConfigDir() // %AppData% and ~/Library/Application Support
		if err != nil {
			return "", fmt.Errorf("find the data folder: %w (set %s)", err, EnvHome)
		}
		return filepath.Join(base, appFolder), nil
	}
	if xdg := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(xdg) {
		return filepath.Join(xdg, appFolder), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find the data folder: %w (set %s)", err, EnvHome)
	}
	return filepath.Join(home, ".local", "share", appFolder), nil
}

// Ensure creates dir (readable by its owner only) when missing and checks that it is a folder.
func Ensure(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create the data folder: %w", err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("open the data folder: %w", err)
	}
	if !fi.IsDir() {
		return errors.New("the data folder " + dir + " is a file, not a folder")
	}
	return nil
}
