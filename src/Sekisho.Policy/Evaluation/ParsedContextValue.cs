namespace Sekisho.Policy.Evaluation;

/// <summary>
/// One request context value as the typed condition operators read it (Bool, Numeric, Date, IpAddress), parsed on
/// first use and kept for the rest of the context's life, so a value compared by several conditions or policies is
/// parsed once. <see cref="Flags"/> says which kinds have been parsed and which parsed successfully; it is
/// published after the value (see <see cref="RequestContext"/>), so a context may be shared between threads.
/// </summary>
internal struct ParsedContextValue
{
    public const int BoolParsed = 1, BoolValid = 2, NumberParsed = 4, NumberValid = 8, DateParsed = 16, DateValid = 32,
        AddressParsed = 64, AddressV4 = 128, AddressV6 = 256;

    public int Flags;
    public bool Bool;
    public double Number;
    public long DateTicks;

    /// <summary>An IPv4 address in the low 32 bits, or an IPv6 address (see <see cref="AddressV4"/>/<see cref="AddressV6"/>).</summary>
    public UInt128 Address;
}
