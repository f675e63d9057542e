import { createRoot } from 'react-dom/client';
import '@/components/theme.css';
import { SidePanel } from './SidePanel';

createRoot(document.getElementById('root')!).render(<SidePanel />);
