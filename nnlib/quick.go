package nnlib

import "os"

// QuickEnv is the environment variable that, set to "1", asks the lessons
// for their quick run: the long trainings of a lesson (a CNN for minutes, say)
// train on a small part of their data instead, in seconds. The course's test
// command sets it, so that every notebook executes in CI in reasonable time;
// the committed notebooks show the full runs, and so does a student's
// Jupyter, where it is not set.
const QuickEnv = "COURSE_QUICK"

// Quick reports whether QuickEnv asks for the quick run.
func Quick() bool { return os.Getenv(QuickEnv) == "1" }
