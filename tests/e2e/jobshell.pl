#!/usr/bin/perl
# jobshell.pl PIDFILE FGFILE COMMAND [ARGS...]: a job-control shell in
# miniature for the end-to-end tests. COMMAND runs as the terminal's
# foreground job, in a process group of its own (in a tmux pane's orphaned
# group a SIGTSTP would not stop it), its pid written to PIDFILE. When it
# stops, the terminal comes back here until FGFILE appears, then `fg`: the
# terminal goes back to the job and it gets SIGCONT. Exits with its status.
use strict;
use warnings;
use POSIX qw(:sys_wait_h setpgid tcsetpgrp getpgrp);

my ($pidfile, $fgfile, @cmd) = @ARGV;
@cmd or die "usage: jobshell.pl PIDFILE FGFILE COMMAND [ARGS...]\n";
$SIG{TTOU} = $SIG{TTIN} = $SIG{TSTP} = 'IGNORE';
open(my $tty, '+<', '/dev/tty') or die "jobshell.pl: /dev/tty: $!\n";
my $fd = fileno($tty);
my $pid = fork() // die "jobshell.pl: fork: $!\n";
if ($pid == 0) {
    setpgid(0, 0);
    tcsetpgrp($fd, $$);
    $SIG{TTOU} = $SIG{TTIN} = $SIG{TSTP} = 'DEFAULT';
    open(my $p, '>', "$pidfile.tmp") or die;
    print $p "$$\n";
    close $p;
    rename "$pidfile.tmp", $pidfile;
    exec @cmd or exit 127;
}
setpgid($pid, $pid);
while (1) {
    waitpid($pid, WUNTRACED) == $pid or die "jobshell.pl: waitpid: $!\n";
    my $st = ${^CHILD_ERROR_NATIVE};
    if (WIFSTOPPED($st)) {
        tcsetpgrp($fd, getpgrp());
        select(undef, undef, undef, 0.05) until -e $fgfile;
        unlink $fgfile;
        tcsetpgrp($fd, $pid);
        kill 'CONT', -$pid;
        next;
    }
    exit(WIFEXITED($st) ? WEXITSTATUS($st) : 128 + WTERMSIG($st));
}
