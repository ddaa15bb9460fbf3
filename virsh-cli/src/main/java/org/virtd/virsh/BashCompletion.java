package org.virtd.virsh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates virsh's bash completion script from the command model (the registry's commands and their option
 * tables, and the global options), so the script always lists what this virsh accepts. The build runs
 * {@link #main} into {@code target/bash-completion/virsh}; install it as {@code /usr/share/bash-completion/completions/virsh}.
 *
 * <p>The script completes global options, command names, the current command's options not given yet, and, where
 * the command takes a {@code --domain}, the domain names that {@code virsh list --all --name} prints on the same
 * connection ({@code -c}/{@code --connect} of the line being completed).
 */
public final class BashCompletion {
    private BashCompletion() {
    }

    /** Writes the script of the standard registry to {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: BashCompletion OUTPUT-FILE");
        }
        Path out = Path.of(args[0]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, render(CommandRegistry.standard()), StandardCharsets.UTF_8);
    }

    /** The script for {@code registry}. */
    public static String render(CommandRegistry registry) {
        List<String> commands = new ArrayList<>();
        for (CommandRegistry.Group g : registry.groups()) {
            for (CommandDef c : g.commands()) {
                commands.add(c.name());
            }
        }
        StringBuilder s = new StringBuilder();
        s.append("# bash completion for virsh (virtd). Generated from virsh-cli's command model by ")
                .append(BashCompletion.class.getName()).append("; do not edit.\n\n");
        s.append("_virsh_commands='").append(String.join(" ", commands)).append("'\n");
        s.append("_virsh_global_options='").append(String.join(" ", GlobalOptions.longOptionWords()))
                .append(" -c -d -e -h -k -K -l -q -r -t -v -V'\n\n");

        s.append("# Options of one command, one word each.\n");
        s.append("_virsh_command_options() {\n    case \"$1\" in\n");
        for (String name : commands) {
            CommandDef c = registry.find(name);
            List<String> opts = new ArrayList<>();
            for (OptionDef o : c.options()) {
                opts.add("--" + o.name());
            }
            opts.add("--help");
            s.append("        ").append(name).append(") echo '").append(String.join(" ", opts)).append("' ;;\n");
        }
        s.append("    esac\n}\n\n");

        s.append("# Options whose value is the next word: \"--NAME kind\" with kind domain, file or value.\n");
        s.append("_virsh_option_value() {\n    case \"$1 $2\" in\n");
        for (String name : commands) {
            CommandDef c = registry.find(name);
            for (OptionDef o : c.options()) {
                if (o.type() == OptionType.BOOL) {
                    continue;
                }
                String kind = o.name().equals("domain") ? "domain" : o.name().equals("file") ? "file" : "value";
                s.append("        '").append(name).append(" --").append(o.name()).append("') echo ").append(kind)
                        .append(" ;;\n");
            }
        }
        s.append("    esac\n}\n\n");

        s.append("""
                _virsh() {
                    local cur prev words cword
                    cur=${COMP_WORDS[COMP_CWORD]}
                    prev=${COMP_WORDS[COMP_CWORD-1]}
                    words=("${COMP_WORDS[@]}")
                    cword=$COMP_CWORD
                    local i=1 cmd= cmdi=0 uri=()
                    # Global options come first; the first other word is the command.
                    while [ "$i" -lt "$cword" ]; do
                        case "${words[i]}" in
                """);
        s.append("            ");
        List<String> shortArg = new ArrayList<>();
        for (char c : GlobalOptions.shortWithArgument().toCharArray()) {
            shortArg.add("-" + c);
        }
        List<String> longArg = new ArrayList<>();
        for (String w : GlobalOptions.longOptionWords()) {
            if (w.endsWith("=")) {
                longArg.add(w.substring(0, w.length() - 1));
            }
        }
        s.append(String.join("|", shortArg)).append("|").append(String.join("|", longArg)).append(")\n");
        s.append("""
                                if [ "${words[i]}" = -c ] || [ "${words[i]}" = --connect ]; then
                                    uri=(-c "${words[i+1]}")
                                fi
                                i=$((i + 2)) ;;
                            --connect=*) uri=(-c "${words[i]#--connect=}"); i=$((i + 1)) ;;
                            -*) i=$((i + 1)) ;;
                            *) cmd=${words[i]}; cmdi=$i; break ;;
                        esac
                    done
                    if [ -z "$cmd" ]; then
                        case "$prev" in
                """);
        s.append("            ").append(String.join("|", shortArg)).append("|").append(String.join("|", longArg))
                .append(")\n");
        s.append("""
                                [ "$prev" = -l ] || [ "$prev" = --log ] && COMPREPLY=($(compgen -f -- "$cur"))
                                return ;;
                        esac
                        if [[ $cur == -* ]]; then
                            COMPREPLY=($(compgen -W "$_virsh_global_options" -- "$cur"))
                            [[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
                        else
                            COMPREPLY=($(compgen -W "$_virsh_commands" -- "$cur"))
                        fi
                        return
                    fi
                    local kind=
                    [[ $prev == --* ]] && [ "$((cword - 1))" -gt "$cmdi" ] && kind=$(_virsh_option_value "$cmd" "$prev")
                    case "$kind" in
                        domain) COMPREPLY=($(compgen -W "$("${words[0]}" -q "${uri[@]}" list --all --name 2>/dev/null)" -- "$cur")); return ;;
                        file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
                        value) return ;;
                    esac
                    local opts given=" ${words[*]:cmdi+1:cword-cmdi-1} " o left=
                    for o in $(_virsh_command_options "$cmd"); do
                        [[ $given == *" $o "* ]] || left="$left $o"
                    done
                    if [[ $cur == -* ]]; then
                        COMPREPLY=($(compgen -W "$left" -- "$cur"))
                    elif [[ $left == *" --domain"* ]]; then
                        COMPREPLY=($(compgen -W "$("${words[0]}" -q "${uri[@]}" list --all --name 2>/dev/null)" -- "$cur"))
                    else
                        COMPREPLY=($(compgen -W "$left" -- "$cur"))
                    fi
                }
                complete -o default -F _virsh virsh
                """);
        return s.toString();
    }
}
