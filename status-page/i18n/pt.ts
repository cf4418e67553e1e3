import type { Messages } from "./messages";

// Portuguese as written in Brazil (what Intl's "pt" formats dates and numbers for).
export const pt: Messages = {
  indicator: {
    none: "Todos os sistemas operacionais",
    maintenance: "Serviço em manutenção",
    minor: "Interrupção leve do serviço",
    major: "Interrupção parcial do sistema",
    critical: "Interrupção grave do sistema",
  },
  componentStatus: {
    operational: "Operacional",
    under_maintenance: "Em manutenção",
    degraded_performance: "Desempenho degradado",
    partial_outage: "Interrupção parcial",
    major_outage: "Interrupção grave",
  },
  componentStatusInSentence: {
    operational: "operacional",
    under_maintenance: "em manutenção",
    degraded_performance: "desempenho degradado",
    partial_outage: "interrupção parcial",
    major_outage: "interrupção grave",
  },
  incidentStatus: {
    investigating: "Investigando",
    identified: "Identificado",
    monitoring: "Monitorando",
    resolved: "Resolvido",
    postmortem: "Análise pós-incidente",
  },
  // Feminine: they agree with "manutenção".
  maintenanceStatus: { scheduled: "Programada", in_progress: "Em andamento" },
  page: {
    skipToContent: "Pular para o conteúdo",
    languages: "Idioma",
    statusTitle: "{title}: {status}",
    updated: "Atualizado em {time}",
    activeIncidents: "Incidentes ativos",
    scheduledMaintenance: "Manutenção programada",
    affects: "Afeta {components}",
    components: "Componentes",
    uptimeSummary: "Disponibilidade nos últimos {period}: {figure}",
    uptimeFigure: "{figure} de disponibilidade",
    dayUptime: "{date}: {figure}",
    noData: "Sem dados",
    today: "Hoje",
    incidentHistory: "Histórico de incidentes",
    historyTitle: "{title}: histórico de incidentes",
    noIncidents: "Nenhum incidente registrado.",
    timesInUtc: "Horários em UTC",
    jsonApi: "API JSON",
    notFound: "Página não encontrada.",
    goToStatusPage: "Ir para a página de status",
  },
  feed: {
    title: "Incidentes de {title}",
    description: "Histórico de status de {title}",
  },
  generated: {
    alertIncidentName: "Problemas com {components}",
    alertInvestigating: "Estamos investigando problemas com {components}.",
    alertReturned: "O problema voltou a ocorrer. Estamos investigando.",
    alertResolved: "Este incidente foi resolvido.",
    impactRaised: "O impacto em {components} aumentou para {status}.",
    impactLowered: "O impacto em {components} diminuiu para {status}.",
  },
};
