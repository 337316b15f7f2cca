package main

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mazerat/mazerat/internal/racebuild"
	"github.com/mazerat/mazerat/lab/sweep"
)

// TestSlurm runs deploy/slurm/sweep.sh, unedited, on a real one-node
// Slurm started from Debian's packages (slurmctld, slurmd, slurm-client
// and munge; scripts/deps.sh slurm installs them): a request for more CPUs
// than the node has is refused before anything is submitted; a sweep's
// job array runs its shards into one directory and the afterok merge job
// merges them, the same bytes as one machine's sweep; and the recovery
// recipe of the script's comment, as written, redoes a lost shard.
//
// Everything it starts (munged, slurmctld, slurmd and what they start)
// runs from one temporary directory and is stopped, and the directory
// removed, however the test ends. It needs root (slurmd starts jobs as
// their user) and is skipped, saying why, without root, without the
// packages, with -short, under the race detector (make slurm runs it
// without), or when the daemons do not start.
func TestSlurm(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the Slurm test starts a one-node Slurm and builds a binary")
	}
	if racebuild.Enabled {
		t.Skip("skipped under the race detector (nothing to find in daemons and shell scripts); make slurm runs it without")
	}
	if runtime.GOOS != "linux" {
		t.Skipf("the Slurm test runs on Linux, not %s", runtime.GOOS)
	}
	if os.Geteuid() != 0 {
		t.Skip("not root: the Slurm test starts munged, slurmctld and slurmd, and slurmd must be root to start jobs")
	}
	var missing []string
	for _, c := range []string{"munged", "mungekey", "slurmctld", "slurmd", "sbatch", "sinfo", "squeue", "scontrol", "scancel"} {
		if _, err := exec.LookPath(c); err != nil {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		t.Skipf("missing %s: install Debian's slurmctld, slurmd and slurm-client (scripts/deps.sh slurm does, as root)", strings.Join(missing, ", "))
	}
	start := time.Now()
	c := startSlurm(t)
	t.Logf("one-node Slurm up in %.1f s", time.Since(start).Seconds())
	// Its own binary, in the cluster's directory: the one the other
	// tests share is removed when TestSweepProcesses ends.
	bin := filepath.Join(c.dir, "mazerat")
	if err := buildHeadlessTo(bin); err != nil {
		t.Fatalf("go build -tags headless: %v", err)
	}
	specPath, err := filepath.Abs(spec("procs.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs(filepath.Join("..", "..", "deploy", "slurm", "sweep.sh"))
	if err != nil {
		t.Fatal(err)
	}
	ref := filepath.Join(c.dir, "ref")
	runMazerat(t, bin, "sweep", specPath, "--out", ref, "--workers", "2")
	out := filepath.Join(c.dir, "out")

	// The node has 4 CPUs: 5 per task is refused, nothing submitted.
	res, code := c.run([]string{"MAZERAT=" + bin, "CPUS=5"}, "bash", script, specPath, out, "3")
	if code != 2 || !strings.Contains(res, "CPUS=5: no node of partition debug has 5 CPUs (the largest has 4)") || !strings.Contains(res, "set CPUS=4 or fewer") {
		t.Errorf("CPUS=5 on a node of 4: exit %d, want 2 and a refusal naming partition debug and its largest node:\n%s", code, res)
	}
	if q, _ := c.run(nil, "squeue", "--noheader"); q != "" {
		t.Errorf("the refused request left jobs:\n%s", q)
	}

	// 3 tasks of 2 CPUs, two at a time, into one directory; then the merge.
	start = time.Now()
	res, code = c.run([]string{"MAZERAT=" + bin, "CPUS=2"}, "bash", script, specPath, out, "3")
	m := regexp.MustCompile(`submitted job array (\d+) \(3 tasks of 2 CPUs\) and merge job (\d+)`).FindStringSubmatch(res)
	if code != 0 || m == nil {
		t.Fatalf("sweep.sh: exit %d:\n%s", code, res)
	}
	array, merge := m[1], m[2]
	c.wait(t, array, merge)
	t.Logf("array and merge finished in %.1f s after the submit", time.Since(start).Seconds())
	for i := 1; i <= 3; i++ {
		b, _ := os.ReadFile(filepath.Join(c.dir, fmt.Sprintf("mazerat-sweep-%s_%d.out", array, i)))
		if want := fmt.Sprintf("shard      %d/3: ", i); !strings.Contains(string(b), want) || !strings.Contains(string(b), "on 2 workers") {
			t.Errorf("task %d's output lacks %q or 2 workers:\n%s", i, want, b)
		}
	}
	b, _ := os.ReadFile(filepath.Join(c.dir, "mazerat-merge-"+merge+".out"))
	if !strings.Contains(string(b), "merge      32 runs: 0 copied, 32 already in") {
		t.Errorf("the merge job's output:\n%s", b)
	}
	sameSweep(t, ref, out)

	// The recovery recipe of the script's comment, as written: shard 2's
	// runs lost, task 2 resubmitted alone, merged by hand.
	start = time.Now()
	dropShard(t, out, specPath, 2, 3)
	res, code = c.run(nil, "bash", "-c", recoveryRecipe(t, script, bin, specPath, out, 3, 2, 2))
	m = regexp.MustCompile(`Submitted batch job (\d+)`).FindStringSubmatch(res)
	if code != 0 || m == nil {
		t.Fatalf("the recovery recipe: exit %d:\n%s", code, res)
	}
	c.wait(t, m[1])
	runMazerat(t, bin, "merge", out, "--out", out)
	t.Logf("recovery recipe and merge in %.1f s", time.Since(start).Seconds())
	sameSweep(t, ref, out)
}

// slurmCluster is a one-node Slurm (node mzt1, partition debug) with
// its own munged, all in dir.
type slurmCluster struct {
	dir, conf string
	env       []string  // the test's environment with SLURM_CONF
	daemons   []*daemon // in the order they were started
}

// daemon is a process started in the foreground; done is closed when it
// has exited.
type daemon struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
}

func (d *daemon) exited() bool {
	select {
	case <-d.done:
		return true
	default:
		return false
	}
}

// startSlurm starts munged, slurmctld and slurmd, waits for the node to
// be idle, and arranges for everything to be stopped and removed when
// the test ends; it skips the test, naming the reason, if they do not
// start.
func startSlurm(t *testing.T) *slurmCluster {
	dir, err := os.MkdirTemp("", "mazerat-slurm-")
	if err != nil {
		t.Fatal(err)
	}
	c := &slurmCluster{dir: dir, conf: filepath.Join(dir, "slurm.conf")}
	t.Cleanup(func() { c.stop(t) })
	// munged refuses a socket in a directory others cannot enter, and a
	// key others can read.
	for _, d := range []struct {
		name string
		mode os.FileMode
	}{{"", 0o755}, {"run", 0o755}, {"munge", 0o700}, {"state", 0o700}, {"spool", 0o755}, {"log", 0o755}} {
		p := filepath.Join(dir, d.name)
		if err := os.MkdirAll(p, d.mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, d.mode); err != nil {
			t.Fatal(err)
		}
	}
	key := filepath.Join(dir, "munge", "munge.key")
	if out, err := exec.Command("mungekey", "--create", "--keyfile", key).CombinedOutput(); err != nil {
		t.Fatalf("mungekey: %v\n%s", err, out)
	}
	ports := freePorts(t, 2)
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	host, _, _ = strings.Cut(host, ".")
	sock := filepath.Join(dir, "run", "munge.sock")
	// Memory is consumable (CR_CPU_Memory), as on most clusters; the node
	// declares 4 CPUs and 4 GiB whatever the machine has
	// (config_overrides), so two tasks of CPUS=2 run at once anywhere.
	conf := fmt.Sprintf(`ClusterName=mazerat-test
SlurmctldHost=%[1]s(127.0.0.1)
SlurmctldPort=%[2]d
SlurmdPort=%[3]d
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=%[4]s
CredType=cred/munge
StateSaveLocation=%[5]s/state
SlurmdSpoolDir=%[5]s/spool
SlurmctldPidFile=%[5]s/run/slurmctld.pid
SlurmdPidFile=%[5]s/run/slurmd.pid
SlurmctldLogFile=%[5]s/log/slurmctld.log
SlurmdLogFile=%[5]s/log/slurmd.log
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
SlurmdParameters=config_overrides
ReturnToService=2
NodeName=mzt1 NodeHostname=%[1]s NodeAddr=127.0.0.1 CPUs=4 RealMemory=4096 State=UNKNOWN
PartitionName=debug Nodes=mzt1 Default=YES MaxTime=INFINITE State=UP
`, host, ports[0], ports[1], sock, dir)
	if err := os.WriteFile(c.conf, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	c.env = append(os.Environ(), "SLURM_CONF="+c.conf)

	munged := c.start(t, "munged", "--foreground", "--socket="+sock, "--key-file="+key,
		"--log-file="+filepath.Join(dir, "log", "munged.log"), "--pid-file="+filepath.Join(dir, "run", "munged.pid"),
		"--seed-file="+filepath.Join(dir, "munge", "munged.seed"))
	c.until(t, munged, 10*time.Second, func() bool {
		_, err := os.Stat(sock)
		return err == nil
	})
	ctld := c.start(t, "slurmctld", "-D", "-f", c.conf)
	slurmd := c.start(t, "slurmd", "-D", "-N", "mzt1", "-f", c.conf)
	c.until(t, ctld, 30*time.Second, func() bool {
		if slurmd.exited() {
			t.Skipf("slurmd failed to start (%v):\n%s", slurmd.cmd.ProcessState, c.logTail("slurmd"))
		}
		state, _ := c.run(nil, "sinfo", "--noheader", "--Node", "--format=%T")
		return state == "idle"
	})
	return c
}

// start starts a daemon in the foreground, its output in log/NAME.out.
func (c *slurmCluster) start(t *testing.T, name string, args ...string) *daemon {
	f, err := os.Create(filepath.Join(c.dir, "log", name+".out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd := exec.Command(name, args...)
	cmd.Env, cmd.Stdout, cmd.Stderr = c.env, f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Skipf("%s failed to start: %v", name, err)
	}
	d := &daemon{name, cmd, make(chan struct{})}
	c.daemons = append(c.daemons, d)
	go func() {
		cmd.Wait()
		close(d.done)
	}()
	return d
}

// until polls ok until it holds; it skips the test if the daemon exits
// or the time runs out, with the daemon's last words.
func (c *slurmCluster) until(t *testing.T, d *daemon, limit time.Duration, ok func() bool) {
	for deadline := time.Now().Add(limit); !ok(); time.Sleep(100 * time.Millisecond) {
		if d.exited() {
			t.Skipf("%s failed to start (%v):\n%s", d.name, d.cmd.ProcessState, c.logTail(d.name))
		}
		if time.Now().After(deadline) {
			t.Skipf("%s did not come up in %v:\n%s", d.name, limit, c.logTail(d.name))
		}
	}
}

// run runs a command in dir with the cluster's environment and extra
// variables; it returns the command's output, trimmed, and exit status
// (-1 and the error if it did not run).
func (c *slurmCluster) run(env []string, name string, args ...string) (string, int) {
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = c.dir, append(withoutSweepVars(c.env), env...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return err.Error(), -1
	}
	return strings.TrimSpace(string(out)), cmd.ProcessState.ExitCode()
}

// wait waits (two minutes at most) until the jobs have left the queue and
// fails the test unless every one of them, every task of an array,
// completed.
func (c *slurmCluster) wait(t *testing.T, jobs ...string) {
	t.Helper()
	ids := strings.Join(jobs, ",")
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(250 * time.Millisecond) {
		q, code := c.run(nil, "squeue", "--noheader", "--jobs="+ids, "--format=%i %T %r")
		if code == 0 && q == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("jobs %s still queued after 2 minutes:\n%s\n%s", ids, q, c.logTail("slurmctld"))
		}
	}
	for _, j := range jobs {
		show, _ := c.run(nil, "scontrol", "--oneliner", "show", "job", j)
		states := regexp.MustCompile(`JobState=(\S+)`).FindAllStringSubmatch(show, -1)
		if len(states) == 0 {
			t.Errorf("job %s: no state:\n%s", j, show)
		}
		for _, s := range states {
			if s[1] != "COMPLETED" {
				t.Errorf("job %s: %s, want COMPLETED:\n%s", j, s[1], show)
				break
			}
		}
	}
}

// stop cancels every job, stops the daemons (SIGTERM, then SIGKILL after
// 10 s), kills anything still running with this cluster's SLURM_CONF in
// its environment (a job's processes, slurmstepd), and removes dir.
func (c *slurmCluster) stop(t *testing.T) {
	if t.Failed() {
		for _, d := range []string{"slurmctld", "slurmd"} {
			t.Logf("%s", c.logTail(d))
		}
	}
	if len(c.daemons) >= 2 && !c.daemons[1].exited() { // slurmctld
		if u, err := user.Current(); err == nil {
			c.run(nil, "scancel", "--user="+u.Username)
			for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
				if q, code := c.run(nil, "squeue", "--noheader"); code != 0 || q == "" {
					break
				}
			}
		}
	}
	for _, d := range slices.Backward(c.daemons) {
		d.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-d.done:
		case <-time.After(10 * time.Second):
			t.Errorf("%s did not stop on SIGTERM in 10 s: killed", d.name)
			syscall.Kill(-d.cmd.Process.Pid, syscall.SIGKILL)
			<-d.done
		}
	}
	for _, pid := range c.strays() {
		cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		t.Errorf("process %d (%s) outlived the cluster: killed", pid, bytes.ReplaceAll(cmdline, []byte{0}, []byte{' '}))
		syscall.Kill(pid, syscall.SIGKILL)
	}
	if err := os.RemoveAll(c.dir); err != nil {
		t.Errorf("removing %s: %v", c.dir, err)
	}
}

// strays lists the processes, other than this one, whose environment
// holds this cluster's SLURM_CONF: only what the test started, directly
// or through the daemons, has it.
func (c *slurmCluster) strays() []int {
	mark := []byte("\x00SLURM_CONF=" + c.conf + "\x00")
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err == nil && bytes.Contains(append([]byte{0}, env...), mark) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// logTail returns the last lines a daemon wrote (its log file, else
// what it printed).
func (c *slurmCluster) logTail(name string) string {
	b, err := os.ReadFile(filepath.Join(c.dir, "log", name+".log"))
	if err != nil || len(b) == 0 {
		b, _ = os.ReadFile(filepath.Join(c.dir, "log", name+".out"))
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return name + ": " + strings.Join(lines[max(0, len(lines)-15):], "\n"+name+": ")
}

// freePorts returns n TCP ports free at the moment.
func freePorts(t *testing.T, n int) []int {
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

// withoutSweepVars is env without the variables sweep.sh's jobs read, so
// that a command run with it gets only what it sets itself.
func withoutSweepVars(env []string) []string {
	return slices.DeleteFunc(slices.Clone(env), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return slices.Contains([]string{"MAZERAT", "MAZERAT_SWEEP_STEP", "SPEC", "OUT", "SHARDS", "CPUS", "THROTTLE"}, name)
	})
}

// recoveryRecipe returns the command of sweep.sh's recovery comment that
// resubmits some tasks, with its example values replaced by these: the
// binary, spec, directory and number of shards of the first submit, the
// task to redo, its CPUs and the script's path. The variables it sets are
// the comment's own, so a recipe that forgets one fails when it runs.
func recoveryRecipe(t *testing.T, script, bin, specPath, out string, shards, task, cpus int) string {
	t.Helper()
	b, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	var cmd []string
	for _, line := range strings.Split(string(b), "\n") {
		text, ok := strings.CutPrefix(line, "#   ")
		if len(cmd) == 0 && !(ok && strings.HasPrefix(strings.TrimSpace(text), "MAZERAT_SWEEP_STEP=shard ")) {
			continue
		}
		cmd = append(cmd, strings.TrimSpace(strings.TrimSuffix(text, `\`)))
		if !strings.HasSuffix(text, `\`) {
			break
		}
	}
	recipe := strings.Join(cmd, " ")
	if !strings.Contains(recipe, "sbatch ") || !strings.HasSuffix(recipe, " deploy/slurm/sweep.sh") {
		t.Fatalf("%s: no recovery recipe (a comment line \"#   MAZERAT_SWEEP_STEP=shard ... sbatch ... deploy/slurm/sweep.sh\"), got %q", script, recipe)
	}
	quote := func(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
	values := map[string]string{"MAZERAT": quote(bin), "SPEC": quote(specPath), "OUT": quote(out), "SHARDS": strconv.Itoa(shards),
		"--array": strconv.Itoa(task), "--cpus-per-task": strconv.Itoa(cpus)}
	recipe = regexp.MustCompile(`(^| )(MAZERAT|SPEC|OUT|SHARDS|--array|--cpus-per-task)=\S+`).ReplaceAllStringFunc(recipe, func(s string) string {
		lead, name := "", strings.TrimSpace(s)
		if strings.HasPrefix(s, " ") {
			lead = " "
		}
		name, _, _ = strings.Cut(name, "=")
		return lead + name + "=" + values[name]
	})
	return strings.TrimSuffix(recipe, "deploy/slurm/sweep.sh") + quote(script)
}

// dropShard removes from a sweep directory the runs of shard i of n, and
// the merged results, as if that shard had never run.
func dropShard(t *testing.T, dir, specPath string, i, n int) {
	t.Helper()
	sp, err := sweep.LoadSpec(specPath)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := sp.Plan()
	if err != nil {
		t.Fatal(err)
	}
	runs := plan.ShardRuns(sweep.Shard{I: i, N: n})
	if len(runs) == 0 {
		t.Fatalf("shard %d/%d: no runs to drop", i, n)
	}
	for _, r := range runs {
		if err := os.RemoveAll(filepath.Join(dir, sweep.RunsDir, r.ID)); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range sweepMerged {
		os.Remove(filepath.Join(dir, f))
	}
}
