using System.Runtime.Versioning;

// The agent runs sessions with Linux PTYs, runuser and /proc: callers check OperatingSystem.IsLinux() first.
[assembly: SupportedOSPlatform("linux")]
