using System.Globalization;
using System.Runtime.InteropServices;

namespace Tempo.Bench.Gate;

/// <summary>Facts about this machine and processes, read from /proc.</summary>
public static class Machine
{
    public static int LogicalCores =>
        File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").Count(l => l.StartsWith("processor", StringComparison.Ordinal)) : Environment.ProcessorCount;

    public static string CpuModel =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";

    public static long MemTotalKiB => ReadKiB("/proc/meminfo", "MemTotal:") ?? 0;

    public static long MemAvailableKiB => ReadKiB("/proc/meminfo", "MemAvailable:") ?? 0;

    public static string LoadAverage => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>The online CPUs as a list (<c>0-1</c>), or null where /sys does not say.</summary>
    public static string? OnlineCpus =>
        File.Exists("/sys/devices/system/cpu/online") ? File.ReadAllText("/sys/devices/system/cpu/online").Trim() : null;

    public static string CpusAllowed(int pid) =>
        File.Exists($"/proc/{pid}/status")
            ? File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";

    /// <summary>CPU time a process has used, user and system, all threads (/proc/pid/stat), in milliseconds.</summary>
    public static double CpuMilliseconds(int pid) => StatCpuMilliseconds(File.ReadAllText($"/proc/{pid}/stat"));

    /// <summary>
    /// CPU time (user + system, milliseconds) of each live thread of a process, by thread id, with the thread's name
    /// (/proc/pid/task/*/stat): the runtime names its own (".NET BGC" for the background collector, ".NET Tiered Com"
    /// for the tiered compiler, ".NET TP Worker" for the thread pool).
    /// </summary>
    public static Dictionary<int, (string Name, double Ms)> ThreadCpuMilliseconds(int pid)
    {
        var threads = new Dictionary<int, (string Name, double Ms)>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = (name, StatCpuMilliseconds(stat));
            }
            catch (IOException)
            {
                // The thread ended while the directory was read.
            }
        }

        return threads;
    }

    /// <summary>User + system time of a process's or a thread's <c>stat</c> line, in milliseconds.</summary>
    private static double StatCpuMilliseconds(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ": state is field 3, utime 14 and stime 15 (1-based), in clock ticks of 1/100 s.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks * 10.0;
    }

    /// <summary>Resident set size of a process (VmRSS), in KiB.</summary>
    public static long RssKiB(int pid) => ReadKiB($"/proc/{pid}/status", "VmRSS:") ?? 0;

    public static long SelfRssKiB => RssKiB(Environment.ProcessId);

    public static string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{LogicalCores} logical cores ({CpuModel}), {MemTotalKiB / 1024.0 / 1024.0:N1} GiB memory ({MemAvailableKiB / 1024.0 / 1024.0:N1} GiB available), load average {LoadAverage}; {RuntimeInformation.OSDescription}, .NET {Environment.Version}");

    private static long? ReadKiB(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? null : long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
